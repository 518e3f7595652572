namespace PromptConsole.Web.Hosting;

public static class ProviderExtensions
{
    public static IServiceCollection AddPromptConsoleProviders(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
