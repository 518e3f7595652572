namespace PromptConsole.Web.Hosting;

public static class PersistenceExtensions
{
    public static IServiceCollection AddPromptConsolePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static Task InitializePromptConsoleDatabaseAsync(this WebApplication app) => Task.CompletedTask;
}
