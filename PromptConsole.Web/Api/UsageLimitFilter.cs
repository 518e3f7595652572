using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Web.Api;

/// <summary>
/// Per-key and per-tenant limits on an endpoint that runs models: builds the caller from the request's principal
/// (no API key id, e.g. the master key: unlimited), admits the request or answers 429 with <c>Retry-After</c> and a
/// problem naming the limit (<c>https://promptconsole.dev/problems/rate-limited</c> for requests and tokens,
/// <c>…/budget-exceeded</c> for the monthly budget; extensions <c>limit</c>, <c>limitValue</c>,
/// <c>retryAfterSeconds</c>), then records what the request used: the tokens and dollars of every execution record
/// made during the call (<see cref="UsageTally"/>) and an embedding response's tokens.
/// </summary>
public sealed class UsageLimitFilter : IEndpointFilter
{
    public const string RateLimitedCode = "rate-limited";
    public const string BudgetExceededCode = "budget-exceeded";

    private readonly bool _openAiShape;

    private UsageLimitFilter(bool openAiShape) => _openAiShape = openAiShape;

    /// <summary>For the product's own API: plain problem details.</summary>
    public static UsageLimitFilter Standard { get; } = new(openAiShape: false);

    /// <summary>For the OpenAI-compatible endpoints: problem details that also carry OpenAI's <c>error</c> object.</summary>
    public static UsageLimitFilter OpenAi { get; } = new(openAiShape: true);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var caller = await http.RequestServices.GetRequiredService<UsageCallerResolver>().ResolveAsync(http.User, http.RequestAborted);
        if (caller is null)
            return await next(context);

        var limiter = http.RequestServices.GetRequiredService<IUsageLimiter>();
        var verdict = await limiter.AdmitAsync(caller, http.RequestAborted);
        if (verdict.Refusal is { } refusal)
            return Refused(http, refusal);

        using var tally = UsageTally.Begin();
        object? result = null;
        try
        {
            result = await next(context);
        }
        finally
        {
            var tokens = tally.Tally.Tokens;
            if (result is JsonHttpResult<EmbeddingResponse> { Value: { } embeddings })
                tokens += embeddings.Usage.TotalTokens;

            // Recorded even when the client has gone: the model was paid for.
            await limiter.RecordAsync(caller, (int)Math.Min(int.MaxValue, tokens), tally.Tally.CostUsd, CancellationToken.None);
        }

        return result;
    }

    private IResult Refused(HttpContext http, ExceededLimit limit)
    {
        http.Response.Headers.RetryAfter = limit.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var code = limit.IsBudget ? BudgetExceededCode : RateLimitedCode;
        var value = limit.Limit.ToString(CultureInfo.InvariantCulture);
        var message = limit.Kind switch
        {
            UsageLimitKind.RequestsPerSecond => $"The limit {limit.Name} ({value} requests per second) is reached; retry after {limit.RetryAfterSeconds} s.",
            UsageLimitKind.TokensPerMinute => $"The limit {limit.Name} ({value} tokens per minute) is reached; retry after {limit.RetryAfterSeconds} s.",
            _ => $"The limit {limit.Name} (${value} per calendar month, UTC) is spent; it renews in {limit.RetryAfterSeconds} s.",
        };
        var problem = new ProblemDetails
        {
            Type = Problems.TypeBase + code,
            Title = limit.IsBudget ? "The monthly budget is spent." : "Too many requests.",
            Status = StatusCodes.Status429TooManyRequests,
            Detail = message,
            Instance = http.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["limit"] = limit.Name;
        problem.Extensions["limitValue"] = limit.Limit;
        problem.Extensions["retryAfterSeconds"] = limit.RetryAfterSeconds;
        if (_openAiShape)
            problem.Extensions["error"] = new OpenAiError(message, limit.IsBudget ? "insufficient_quota" : "rate_limit_error", null, code);
        return TypedResults.Problem(problem);
    }
}
