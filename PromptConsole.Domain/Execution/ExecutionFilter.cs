using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Execution;

/// <summary>
/// Which executions to list: every criterion is optional and they combine with AND. Times are
/// half-open, <c>From &lt;= StartedAt &lt; To</c>, so consecutive ranges never count a row twice.
/// </summary>
public sealed record ExecutionFilter(
    string? PromptKey = null,
    int? PromptVersion = null,
    ExecutionOutcome? Outcome = null,
    CacheLevel? Cache = null,
    string? Model = null,
    ExecutionOrigin? Origin = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? ErrorType = null,
    string? TraceId = null,
    string? Tenant = null)
{
    public static readonly ExecutionFilter None = new();
}

/// <summary>A filter and the page of its newest-first results to return.</summary>
public sealed record ExecutionQuery(ExecutionFilter Filter, int Skip, int Take)
{
    public const int DefaultTake = 50;
    public const int MaxTake = 200;
}

/// <summary>
/// The filter as it arrives in a URL query (the management API and the console share the same
/// parameter names and grammar, so a console link and an API call mean the same thing).
/// </summary>
public sealed record ExecutionFilterText(
    string? Prompt = null,
    string? Version = null,
    string? Outcome = null,
    string? Cache = null,
    string? Model = null,
    string? Origin = null,
    string? From = null,
    string? To = null,
    string? ErrorType = null,
    string? TraceId = null,
    string? Skip = null,
    string? Take = null,
    string? Tenant = null);

/// <summary>
/// Turns query text into an <see cref="ExecutionQuery"/>, naming every offending field; blank
/// values mean "any". Enumerations accept their wire names (<c>provider_failed</c>,
/// <c>demo_traffic</c>, <c>golden</c>) and their C# names, case-insensitively.
/// </summary>
public static class ExecutionFilterParser
{
    public const string ErrorCode = "invalid-execution-filter";

    /// <summary>W3C trace ids: 32 lowercase hex digits, not all zero.</summary>
    public const int TraceIdLength = 32;

    public static Result<ExecutionQuery> Parse(ExecutionFilterText text)
    {
        var errors = new List<FieldError>();

        var prompt = Blank(text.Prompt);
        if (prompt is not null && !IsRecordedPromptKey(prompt))
            errors.Add(new FieldError("prompt", $"'{prompt}' is not a prompt key (lowercase letters, digits and dashes, at most {PromptKey.MaxLength})."));

        var version = ParseWhole(text.Version, "version", minimum: 1, errors, "A version is a whole number from 1.");
        var outcome = ParseName(text.Outcome, "outcome", OutcomeNames, errors);
        var cache = ParseName(text.Cache, "cache", CacheNames, errors);
        var origin = ParseName(text.Origin, "origin", OriginNames, errors);
        var from = ParseInstant(text.From, "from", errors);
        var to = ParseInstant(text.To, "to", errors);
        if (from is { } start && to is { } end && end <= start)
            errors.Add(new FieldError("to", $"'to' ({end:O}) must be later than 'from' ({start:O})."));

        var traceId = Blank(text.TraceId)?.ToLowerInvariant();
        if (traceId is not null && !IsTraceId(traceId))
            errors.Add(new FieldError("traceId", $"'{text.TraceId!.Trim()}' is not a trace id ({TraceIdLength} hex digits)."));

        var tenant = Blank(text.Tenant);
        if (tenant is not null && tenant.Length > ExecutionRecord.MaxTenantLength)
            errors.Add(new FieldError("tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters."));

        var skip = ParseWhole(text.Skip, "skip", minimum: 0, errors, "Skip is a whole number from 0.") ?? 0;
        var take = ParseWhole(text.Take, "take", minimum: 1, errors, $"Take is a whole number from 1 to {ExecutionQuery.MaxTake}.") ?? ExecutionQuery.DefaultTake;
        if (take > ExecutionQuery.MaxTake)
            errors.Add(new FieldError("take", $"Take is at most {ExecutionQuery.MaxTake} (asked for {take})."));

        if (errors.Count > 0)
            return Error.Validation(ErrorCode, "The execution filter is not valid.", errors);

        var filter = new ExecutionFilter(prompt, version, outcome, cache, Blank(text.Model), origin, from, to, Blank(text.ErrorType), traceId, tenant);
        return new ExecutionQuery(filter, skip, take);
    }

    /// <summary>The query text that parses back to <paramref name="filter"/>, blank fields left out.</summary>
    public static ExecutionFilterText Format(ExecutionFilter filter) => new(
        filter.PromptKey,
        filter.PromptVersion?.ToString(CultureInfo.InvariantCulture),
        filter.Outcome is { } outcome ? NameOf(outcome) : null,
        filter.Cache is { } cache ? NameOf(cache) : null,
        filter.Model,
        filter.Origin is { } origin ? NameOf(origin) : null,
        filter.From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        filter.To?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        filter.ErrorType,
        filter.TraceId,
        Tenant: filter.Tenant);

    public static string NameOf(ExecutionOutcome outcome) => OutcomeNames.Single(n => n.Value == outcome).Key;

    public static string NameOf(CacheLevel cache) => CacheNames.Single(n => n.Value == cache).Key;

    public static string NameOf(ExecutionOrigin origin) => OriginNames.Single(n => n.Value == origin).Key;

    /// <summary>A prompt key, or a reserved one that starts with '_' (OpenAI-compatible requests are recorded under "_chat").</summary>
    public static bool IsRecordedPromptKey(string value) =>
        PromptKey.IsValid(value) || (value.StartsWith('_') && PromptKey.IsValid(value[1..]));

    public static bool IsTraceId(string value) =>
        value.Length == TraceIdLength && value.All(char.IsAsciiHexDigit) && value.Any(c => c != '0');

    // Wire names first: they are what the API returns and what Format writes.
    private static readonly KeyValuePair<string, ExecutionOutcome>[] OutcomeNames =
    [
        new("success", ExecutionOutcome.Success),
        new("output_rejected", ExecutionOutcome.OutputRejected),
        new("provider_failed", ExecutionOutcome.ProviderFailed),
        new("cancelled", ExecutionOutcome.Cancelled),
    ];

    private static readonly KeyValuePair<string, CacheLevel>[] CacheNames =
    [
        new("miss", CacheLevel.Miss),
        new("exact", CacheLevel.Exact),
        new("semantic", CacheLevel.Semantic),
        new("coalesced", CacheLevel.Coalesced),
    ];

    private static readonly KeyValuePair<string, ExecutionOrigin>[] OriginNames =
    [
        new("api", ExecutionOrigin.Api),
        new("openai_compatible", ExecutionOrigin.OpenAiCompatible),
        new("console", ExecutionOrigin.Console),
        new("demo_traffic", ExecutionOrigin.DemoTraffic),
        new("golden", ExecutionOrigin.Golden),
        new("batch", ExecutionOrigin.Batch),
    ];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static TEnum? ParseName<TEnum>(string? text, string field, KeyValuePair<string, TEnum>[] names, List<FieldError> errors)
        where TEnum : struct, Enum
    {
        var value = Blank(text);
        if (value is null)
            return null;
        var wanted = value.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var (name, parsed) in names)
        {
            if (string.Equals(name.Replace("_", string.Empty, StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
                return parsed;
        }

        errors.Add(new FieldError(field, $"'{value}' is not one of {string.Join(", ", names.Select(n => n.Key))}."));
        return null;
    }

    private static int? ParseWhole(string? text, string field, int minimum, List<FieldError> errors, string rule)
    {
        var value = Blank(text);
        if (value is null)
            return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum)
            return parsed;
        errors.Add(new FieldError(field, $"'{value}' is not valid: {rule}"));
        return null;
    }

    /// <summary>
    /// ISO 8601; a time without an offset is read as UTC, the zone the console shows. The invariant
    /// culture would also read "3/1/2026", which is ambiguous, so a date must be written with dashes.
    /// </summary>
    private static DateTimeOffset? ParseInstant(string? text, string field, List<FieldError> errors)
    {
        var value = Blank(text);
        if (value is null)
            return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            && value.Contains('-', StringComparison.Ordinal))
        {
            return parsed.ToUniversalTime();
        }

        errors.Add(new FieldError(field, $"'{value}' is not an ISO 8601 time such as 2026-03-01T09:00:00Z."));
        return null;
    }
}
