namespace PromptConsole.Web.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddPromptConsoleHosting(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication UsePromptConsolePipeline(this WebApplication app) => app;
}
