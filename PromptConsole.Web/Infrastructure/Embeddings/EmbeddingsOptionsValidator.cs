using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>Refuses to start with an embeddings configuration that would only fail on the first request.</summary>
public sealed class EmbeddingsOptionsValidator : IValidateOptions<EmbeddingsOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = EmbeddingsOptions.SectionName;
        if (!EmbeddingProviders.All.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
            failures.Add($"{section}:Provider '{options.Provider}' is not one of {string.Join(", ", EmbeddingProviders.All)}.");
        if (!EmbeddingPrecisions.TryParse(options.Precision, out _))
            failures.Add($"{section}:Precision '{options.Precision}' is not one of {string.Join(", ", EmbeddingPrecisions.All)}.");
        if (options.MaxBatch is < 1 or > 256)
            failures.Add($"{section}:MaxBatch must be between 1 and 256.");
        if (double.IsNaN(options.BatchWindowMs) || options.BatchWindowMs is < 0 or > 100)
            failures.Add($"{section}:BatchWindowMs must be between 0 and 100.");
        if (options.IntraOpThreads is < 1 or > 64)
            failures.Add($"{section}:IntraOpThreads must be between 1 and 64.");
        if (options.MaxInputs < 1)
            failures.Add($"{section}:MaxInputs must be positive.");
        if (options.MaxInputCharacters < 1)
            failures.Add($"{section}:MaxInputCharacters must be positive.");
        if (!string.IsNullOrWhiteSpace(options.ModelPath) && !File.Exists(options.ModelPath))
            failures.Add($"{section}:ModelPath '{options.ModelPath}' does not exist.");
        if (EmbeddingProviders.IsOpenAi(options.Provider))
        {
            if (!Uri.TryCreate(options.OpenAi.BaseUrl, UriKind.Absolute, out _))
                failures.Add($"{section}:OpenAi:BaseUrl must be an absolute URL (e.g. https://api.openai.com/v1).");
            if (string.IsNullOrWhiteSpace(options.OpenAi.Model))
                failures.Add($"{section}:OpenAi:Model names the provider's embedding model and is required.");
            if (options.OpenAi.Dimensions is < 1)
                failures.Add($"{section}:OpenAi:Dimensions must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
