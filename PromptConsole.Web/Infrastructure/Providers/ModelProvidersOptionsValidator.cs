using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Refuses a provider configuration that would only fail later, per request: unknown kinds, models
/// pointing at missing providers, negative prices, impossible simulator or resilience settings.
/// Limits on resilience values mirror what Polly accepts, so a bad value fails here with a clear message.
/// </summary>
public sealed class ModelProvidersOptionsValidator : IValidateOptions<ModelProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelProvidersOptions options)
    {
        var failures = new List<string>();

        foreach (var (providerName, provider) in options.Providers)
            ValidateProvider(providerName, provider, failures);

        foreach (var (modelName, model) in options.Models)
            ValidateModel(modelName, model, options, failures);

        ValidateResilience(options.Resilience, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateProvider(string name, ProviderOptions provider, List<string> failures)
    {
        var prefix = $"PromptConsole:Providers:{name}";
        if (ProviderKinds.IsSimulator(provider.Kind))
        {
            if (provider.ErrorRate is < 0 or > 1 || double.IsNaN(provider.ErrorRate))
                failures.Add($"{prefix}:ErrorRate must be between 0 and 1 (got {provider.ErrorRate}).");
            if (provider.LatencyMedianMs < 0 || provider.LatencyP95Ms < 0)
                failures.Add($"{prefix}: latencies cannot be negative.");
            else if (provider.LatencyMedianMs > 0 && provider.LatencyP95Ms > 0 && provider.LatencyP95Ms < provider.LatencyMedianMs)
                failures.Add($"{prefix}:LatencyP95Ms ({provider.LatencyP95Ms}) cannot be below LatencyMedianMs ({provider.LatencyMedianMs}).");
            if (provider.MinOutputTokens < 1 || provider.MaxOutputTokens < provider.MinOutputTokens)
                failures.Add($"{prefix}: output tokens need 1 <= MinOutputTokens <= MaxOutputTokens (got {provider.MinOutputTokens}..{provider.MaxOutputTokens}).");
        }
        else if (ProviderKinds.IsOpenAI(provider.Kind))
        {
            if (provider.Enabled && !IsHttpUrl(provider.BaseUrl))
                failures.Add($"{prefix}:BaseUrl must be an absolute http(s) URL (got '{provider.BaseUrl}').");
            if (!MaxTokensFields.IsKnown(provider.MaxTokensField))
                failures.Add($"{prefix}:MaxTokensField '{provider.MaxTokensField}' is not a known field; use one of {string.Join(", ", MaxTokensFields.All)}.");
        }
        else
        {
            failures.Add($"{prefix}:Kind '{provider.Kind}' is not a known provider kind; use one of {string.Join(", ", ProviderKinds.All)}.");
        }
    }

    private static void ValidateModel(string name, ModelOptions model, ModelProvidersOptions options, List<string> failures)
    {
        var prefix = $"PromptConsole:Models:{name}";
        if (string.IsNullOrWhiteSpace(model.Provider))
            failures.Add($"{prefix}:Provider is required.");
        else if (!options.Providers.ContainsKey(model.Provider))
            failures.Add($"{prefix}:Provider '{model.Provider}' is not configured under PromptConsole:Providers.");
        if (model.InputPer1K < 0 || model.OutputPer1K < 0)
            failures.Add($"{prefix}: prices cannot be negative.");
        if (model.ContextWindow < 0)
            failures.Add($"{prefix}:ContextWindow cannot be negative.");
    }

    private static void ValidateResilience(ResilienceOptions resilience, List<string> failures)
    {
        const string prefix = "PromptConsole:Resilience";
        if (resilience.AttemptTimeoutMs is < 10 or > 86_400_000)
            failures.Add($"{prefix}:AttemptTimeoutMs must be between 10 ms and one day (got {resilience.AttemptTimeoutMs}).");
        if (resilience.MaxRetries is < 0 or > 10)
            failures.Add($"{prefix}:MaxRetries must be between 0 and 10 (got {resilience.MaxRetries}).");
        if (resilience.RetryBaseDelayMs is < 0 or > 60_000)
            failures.Add($"{prefix}:RetryBaseDelayMs must be between 0 and 60000 (got {resilience.RetryBaseDelayMs}).");
        if (!(resilience.BreakerFailureRatio is > 0 and <= 1))
            failures.Add($"{prefix}:BreakerFailureRatio must be above 0 and at most 1 (got {resilience.BreakerFailureRatio}).");
        if (resilience.BreakerMinimumThroughput < 2)
            failures.Add($"{prefix}:BreakerMinimumThroughput must be at least 2 (got {resilience.BreakerMinimumThroughput}).");
        if (!(resilience.BreakerSamplingSeconds >= 0.5))
            failures.Add($"{prefix}:BreakerSamplingSeconds must be at least 0.5 (got {resilience.BreakerSamplingSeconds}).");
        if (!(resilience.BreakerBreakSeconds >= 0.5))
            failures.Add($"{prefix}:BreakerBreakSeconds must be at least 0.5 (got {resilience.BreakerBreakSeconds}).");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
