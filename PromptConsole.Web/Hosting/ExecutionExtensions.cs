using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Hosting;

public static class ExecutionExtensions
{
    public static IServiceCollection AddPromptConsoleExecution(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExecutionOptions>()
            .Bind(configuration.GetSection(ExecutionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ITemplateRenderer, HandlebarsTemplateRenderer>();
        services.AddSingleton<ExecutionPipeline>();
        services.AddSingleton<IPromptExecutor, PromptExecutor>();
        services.AddSingleton<ChatCompletionGateway>();
        return services;
    }
}
