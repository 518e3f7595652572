using OpenTelemetry.Resources;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// <c>service.name</c> (configured) and <c>service.version</c> (this assembly's) on every exported
/// span and metric. A detector, not a fixed resource, because the name comes from validated options
/// that only exist once the service provider does.
/// </summary>
public sealed class ServiceResourceDetector(string serviceName) : IResourceDetector
{
    public Resource Detect() => ResourceBuilder.CreateEmpty()
        .AddService(serviceName, serviceVersion: typeof(ServiceResourceDetector).Assembly.GetName().Version?.ToString())
        .Build();
}
