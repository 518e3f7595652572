namespace PromptConsole.Web.Hosting;

public static class UiExtensions
{
    public static IServiceCollection AddPromptConsoleUi(this IServiceCollection services)
    {
        return services;
    }

    public static WebApplication MapPromptConsoleUi(this WebApplication app) => app;
}
