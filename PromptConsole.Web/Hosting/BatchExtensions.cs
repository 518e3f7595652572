using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Hosting;

public static class BatchExtensions
{
    /// <summary>
    /// Batch jobs (<c>PromptConsole:Batches</c>): the service behind the API and console, the runner every instance
    /// runs, the OpenAI Batch API client for provider-batch mode, their metrics and the execute-or-role policies.
    /// </summary>
    public static IServiceCollection AddPromptConsoleBatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<BatchOptions>().Bind(configuration.GetSection(BatchOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchOptions>, BatchOptionsValidator>());
        services.AddAuthorization(ExecuteScopeOrRole.Add);

        services.AddSingleton<BatchMetrics>();
        services.AddSingleton<BatchRunnerSignal>();
        services.AddSingleton<BatchItemStore>();
        services.AddSingleton<IBatchService, BatchService>();
        services.AddSingleton<OpenAiBatchClient>();
        services.AddSingleton<ProviderBatchProcessor>();
        services.AddSingleton<BatchRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchRunner>());
        return services;
    }
}
