namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Stable error types for a failed model call. They are recorded with executions and become metric
/// labels and problem details, so they must never be renamed.
/// </summary>
public static class ModelErrorTypes
{
    /// <summary>An attempt ran past its timeout, or the provider answered 408.</summary>
    public const string Timeout = "timeout";

    /// <summary>The provider answered 429.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>5xx, a refused or dropped connection, or a response that could not be read.</summary>
    public const string ProviderError = "provider_error";

    /// <summary>The model's circuit breaker is open, so the call was not attempted.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>The model is not in the catalog, or its provider is disabled.</summary>
    public const string UnknownModel = "unknown_model";

    /// <summary>The provider rejected the request itself (4xx other than 401, 403, 408 and 429); retrying cannot help.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>The provider refused the credentials (401 or 403).</summary>
    public const string Unauthorized = "unauthorized";
}
