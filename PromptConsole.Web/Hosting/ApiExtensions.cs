namespace PromptConsole.Web.Hosting;

public static class ApiExtensions
{
    public static IServiceCollection AddPromptConsoleApi(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapPromptConsoleApi(this WebApplication app) => app;
}
