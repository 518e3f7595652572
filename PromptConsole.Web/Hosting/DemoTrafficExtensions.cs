using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;

namespace PromptConsole.Web.Hosting;

public static class DemoTrafficExtensions
{
    /// <summary>The optional demo traffic generator (off unless <c>PromptConsole:DemoTraffic:Enabled</c>); its options are checked at start either way.</summary>
    public static IServiceCollection AddPromptConsoleDemoTraffic(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoTrafficOptions>()
            .Bind(configuration.GetSection(DemoTrafficOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoTrafficOptions>, DemoTrafficOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DemoTrafficStatistics>();
        services.AddHostedService<DemoTrafficGenerator>();
        return services;
    }
}
