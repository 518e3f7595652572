namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// The <c>PromptConsole:Providers</c>, <c>PromptConsole:Models</c> and <c>PromptConsole:Resilience</c>
/// sections. Keys under Providers and Models are names (compared case-insensitively, as configuration keys are).
/// </summary>
public sealed class ModelProvidersOptions
{
    /// <summary>The section the three subsections live under.</summary>
    public const string SectionName = "PromptConsole";

    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, ModelOptions> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ResilienceOptions Resilience { get; set; } = new();
}

/// <summary>The provider kinds a <see cref="ProviderOptions.Kind"/> may name.</summary>
public static class ProviderKinds
{
    public const string Simulator = "Simulator";

    /// <summary>Any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI's v1 API, vLLM, Ollama, LM Studio).</summary>
    public const string OpenAI = "OpenAI";

    public static readonly IReadOnlyList<string> All = [Simulator, OpenAI];

    public static bool IsSimulator(string? kind) => string.Equals(kind, Simulator, StringComparison.OrdinalIgnoreCase);

    public static bool IsOpenAI(string? kind) => string.Equals(kind, OpenAI, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The request field an OpenAI-compatible provider reads the output-token limit from.</summary>
public static class MaxTokensFields
{
    /// <summary>What the OpenAI SDK sends, and what OpenAI's current models require.</summary>
    public const string MaxCompletionTokens = "max_completion_tokens";

    /// <summary>The older field, which some compatible servers still accept exclusively.</summary>
    public const string MaxTokens = "max_tokens";

    public static readonly IReadOnlyList<string> All = [MaxCompletionTokens, MaxTokens];

    /// <summary>Empty counts as unset (an empty environment variable), which keeps the SDK's field.</summary>
    public static bool IsKnown(string? field) => string.IsNullOrEmpty(field) || All.Contains(field, StringComparer.OrdinalIgnoreCase);

    public static bool IsMaxTokens(string? field) => string.Equals(field, MaxTokens, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One provider entry. Simulator settings are ignored by OpenAI entries and the other way round.</summary>
public sealed class ProviderOptions
{
    public string Kind { get; set; } = string.Empty;

    /// <summary>A disabled provider's models are left out of the catalog, so they cannot be called.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Median simulated latency; 0 answers instantly.</summary>
    public double LatencyMedianMs { get; set; }

    /// <summary>95th percentile of the simulated latency (log-normal); at or below the median means a constant latency.</summary>
    public double LatencyP95Ms { get; set; }

    /// <summary>Share of simulated calls that fail with a transient-looking error, 0..1.</summary>
    public double ErrorRate { get; set; }

    public int MinOutputTokens { get; set; } = 40;

    public int MaxOutputTokens { get; set; } = 220;

    /// <summary>Seeds the simulator's latency and failure draws; defaults to a hash of the provider name.</summary>
    public int? Seed { get; set; }

    /// <summary>Base URL of an OpenAI-compatible API, including the version segment (e.g. https://api.openai.com/v1).</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Read the key from this environment variable when <see cref="ApiKey"/> is empty.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>One of <see cref="MaxTokensFields"/>: where an OpenAI-compatible server expects the output-token limit (empty: the SDK's field).</summary>
    public string MaxTokensField { get; set; } = MaxTokensFields.MaxCompletionTokens;

    /// <summary>Share of the list price the provider takes off calls made through its Batch API (batch jobs in provider-batch mode), 0..1.</summary>
    public double BatchDiscount { get; set; } = 0.5;
}

/// <summary>One model entry: who serves it and what it costs.</summary>
public sealed class ModelOptions
{
    /// <summary>The name of an entry under Providers.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>The model name the provider knows, when it differs from the catalog name.</summary>
    public string? ProviderModel { get; set; }

    /// <summary>US dollars per 1,000 input tokens.</summary>
    public decimal InputPer1K { get; set; }

    /// <summary>US dollars per 1,000 output tokens.</summary>
    public decimal OutputPer1K { get; set; }

    public int ContextWindow { get; set; }
}

/// <summary>Per-attempt timeout, retries and the per-model circuit breaker.</summary>
public sealed class ResilienceOptions
{
    public int AttemptTimeoutMs { get; set; } = 30_000;

    /// <summary>Retries after the first attempt, on transient errors only; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public int RetryBaseDelayMs { get; set; } = 200;

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public double BreakerSamplingSeconds { get; set; } = 30;

    public double BreakerBreakSeconds { get; set; } = 30;
}
