namespace PromptConsole.Web.Hosting;

public static class ExecutionExtensions
{
    public static IServiceCollection AddPromptConsoleExecution(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
