namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// A provider call that failed, translated from whatever the transport threw. <see cref="IsTransient"/>
/// decides whether the resilience layer retries it and counts it against the model's circuit breaker.
/// </summary>
public sealed class ModelProviderException : Exception
{
    public ModelProviderException(string errorType, bool isTransient, int? statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>One of <see cref="ModelErrorTypes"/>.</summary>
    public string ErrorType { get; }

    public bool IsTransient { get; }

    /// <summary>The HTTP status the provider answered with; null when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>429, 408 and 5xx are worth retrying; any other 4xx is the request's own fault.</summary>
    public static bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    public static ModelProviderException FromStatus(int statusCode, string message, Exception? innerException = null)
    {
        var errorType = statusCode switch
        {
            408 => ModelErrorTypes.Timeout,
            429 => ModelErrorTypes.RateLimited,
            401 or 403 => ModelErrorTypes.Unauthorized,
            >= 500 => ModelErrorTypes.ProviderError,
            _ => ModelErrorTypes.BadRequest,
        };
        return new ModelProviderException(errorType, IsTransientStatus(statusCode), statusCode, message, innerException);
    }

    /// <summary>No response at all: refused, reset or unreachable. Worth retrying.</summary>
    public static ModelProviderException ConnectionFailed(string message, Exception? innerException = null) =>
        new(ModelErrorTypes.ProviderError, isTransient: true, statusCode: null, message, innerException);

    /// <summary>The transport gave up waiting (not our per-attempt timeout, which Polly reports itself).</summary>
    public static ModelProviderException TimedOut(string message, Exception? innerException = null) =>
        new(ModelErrorTypes.Timeout, isTransient: true, statusCode: null, message, innerException);
}
