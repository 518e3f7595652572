using System.Globalization;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>A choice in one of the filter drop-downs.</summary>
public sealed record FilterChoice<T>(string Text, T Value);

/// <summary>A "last N" button of the time filter.</summary>
public sealed record TimePreset(string Text, TimeSpan Span);

/// <summary>
/// The executions page: filter controls whose state round-trips through the URL query (so a
/// filtered view can be shared), and server-side paging over the explorer.
/// </summary>
public sealed class ExecutionListViewModel(IExecutionExplorer explorer, IPromptRegistry registry, IModelCatalog catalog, TimeProvider time)
{
    public const int PageSize = 25;

    private int _generation;

    public static readonly IReadOnlyList<FilterChoice<ExecutionOutcome>> Outcomes =
    [
        new("Success", ExecutionOutcome.Success),
        new("Output rejected", ExecutionOutcome.OutputRejected),
        new("Provider failed", ExecutionOutcome.ProviderFailed),
        new("Cancelled", ExecutionOutcome.Cancelled),
    ];

    public static readonly IReadOnlyList<FilterChoice<CacheLevel>> CacheLevels =
    [
        new("Miss", CacheLevel.Miss),
        new("Exact hit", CacheLevel.Exact),
        new("Semantic hit", CacheLevel.Semantic),
        new("Coalesced", CacheLevel.Coalesced),
    ];

    public static readonly IReadOnlyList<FilterChoice<ExecutionOrigin>> Origins =
    [
        new("API", ExecutionOrigin.Api),
        new("OpenAI-compatible", ExecutionOrigin.OpenAiCompatible),
        new("Console", ExecutionOrigin.Console),
        new("Generated (demo traffic)", ExecutionOrigin.DemoTraffic),
        new("Golden set runs", ExecutionOrigin.Golden),
        new("Batch jobs", ExecutionOrigin.Batch),
    ];

    public static readonly IReadOnlyList<TimePreset> TimePresets =
    [
        new("15 min", TimeSpan.FromMinutes(15)),
        new("1 hour", TimeSpan.FromHours(1)),
        new("24 hours", TimeSpan.FromDays(1)),
        new("7 days", TimeSpan.FromDays(7)),
    ];

    // Filter controls. Times are UTC, as the console shows them.

    public string? Prompt { get; set; }

    public int? Version { get; set; }

    public ExecutionOutcome? Outcome { get; set; }

    public CacheLevel? Cache { get; set; }

    public string? Model { get; set; }

    public ExecutionOrigin? Origin { get; set; }

    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    /// <summary>Not a control: kept from a link (e.g. from a trace) so the URL still means the same.</summary>
    public string? ErrorType { get; private set; }

    public string? TraceId { get; private set; }

    /// <summary>Kept from the URL (links from the tenants page); there is no control for it.</summary>
    public string? Tenant { get; private set; }

    public IReadOnlyList<string> PromptKeys { get; private set; } = [];

    public IReadOnlyList<string> Models { get; private set; } = [];

    public IReadOnlyList<ExecutionSummary> Items { get; private set; } = [];

    public int Total { get; private set; }

    public bool Loading { get; private set; }

    /// <summary>Why the URL's filter was refused (the same message the API gives); nothing is listed then.</summary>
    public ErrorView? Error { get; private set; }

    /// <summary>Suggestions for the prompt and model boxes; free text still works for keys not listed.</summary>
    public async Task LoadChoicesAsync(CancellationToken cancellationToken = default)
    {
        var prompts = await registry.ListAsync(null, cancellationToken);
        PromptKeys = prompts.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Models = catalog.Models.Select(m => m.Model).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Sets the controls from the URL query. A refused value lists nothing and says why, but loses
    /// nothing typed: the fields that are valid keep their values and the free-text boxes (prompt,
    /// model) keep the text as written, so it can be corrected rather than typed again.
    /// </summary>
    public void ApplyQuery(ExecutionFilterText text)
    {
        var parsed = ExecutionFilterParser.Parse(text with { Skip = null, Take = null });
        Error = parsed.IsSuccess ? null : ErrorView.From(parsed.Error!);
        var filter = parsed.IsSuccess ? parsed.Value.Filter : ValidPartOf(text);
        Prompt = parsed.IsSuccess ? filter.PromptKey : Blank(text.Prompt);
        Version = filter.PromptVersion;
        Outcome = filter.Outcome;
        Cache = filter.Cache;
        Model = parsed.IsSuccess ? filter.Model : Blank(text.Model);
        Origin = filter.Origin;
        From = filter.From?.UtcDateTime;
        To = filter.To?.UtcDateTime;
        ErrorType = filter.ErrorType;
        TraceId = filter.TraceId;
        Tenant = filter.Tenant;
    }

    /// <summary>Each field of <paramref name="text"/> that is valid on its own, the refused ones left blank.</summary>
    private static ExecutionFilter ValidPartOf(ExecutionFilterText text)
    {
        ExecutionFilter? Alone(ExecutionFilterText single)
        {
            var result = ExecutionFilterParser.Parse(single);
            return result.IsSuccess ? result.Value.Filter : null;
        }

        return new ExecutionFilter(
            Alone(new ExecutionFilterText(Prompt: text.Prompt))?.PromptKey,
            Alone(new ExecutionFilterText(Version: text.Version))?.PromptVersion,
            Alone(new ExecutionFilterText(Outcome: text.Outcome))?.Outcome,
            Alone(new ExecutionFilterText(Cache: text.Cache))?.Cache,
            Alone(new ExecutionFilterText(Model: text.Model))?.Model,
            Alone(new ExecutionFilterText(Origin: text.Origin))?.Origin,
            Alone(new ExecutionFilterText(From: text.From))?.From,
            Alone(new ExecutionFilterText(To: text.To))?.To,
            Alone(new ExecutionFilterText(ErrorType: text.ErrorType))?.ErrorType,
            Alone(new ExecutionFilterText(TraceId: text.TraceId))?.TraceId,
            Alone(new ExecutionFilterText(Tenant: text.Tenant))?.Tenant);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The filter the controls describe, checked by the same rules as the URL.</summary>
    public ExecutionFilterText FilterText()
    {
        var filter = new ExecutionFilter(
            Prompt, Version, Outcome, Cache, Model, Origin,
            From is { } from ? Utc(from) : null,
            To is { } to ? Utc(to) : null,
            ErrorType, TraceId, Tenant);
        return ExecutionFilterParser.Format(filter);
    }

    /// <summary>The page's address for the controls' filter, e.g. <c>executions?prompt=greet&amp;outcome=provider_failed</c>.</summary>
    public string Href() => ExecutionLinks.List(FilterText());

    public void UsePreset(TimePreset preset)
    {
        From = time.GetUtcNow().UtcDateTime - preset.Span;
        To = null;
    }

    public void Clear() => ApplyQuery(new ExecutionFilterText());

    public bool IsFiltered => FilterText() != new ExecutionFilterText();

    /// <summary>Loads one page for the grid. A refused filter lists nothing rather than everything.</summary>
    public async Task LoadAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var generation = ++_generation;
        if (Error is not null)
        {
            Items = [];
            Total = 0;
            return;
        }

        var query = ExecutionFilterParser.Parse(FilterText() with
        {
            Skip = Math.Max(0, skip).ToString(CultureInfo.InvariantCulture),
            Take = Math.Clamp(take, 1, ExecutionQuery.MaxTake).ToString(CultureInfo.InvariantCulture),
        });
        if (!query.IsSuccess)
        {
            // Controls can describe what the URL cannot (e.g. a typed key with spaces): say which.
            Error = ErrorView.From(query.Error!);
            Items = [];
            Total = 0;
            return;
        }

        Loading = true;
        try
        {
            var page = await explorer.SearchAsync(query.Value, cancellationToken);
            if (generation != _generation)
                return;
            Items = page.Items;
            Total = page.Total;
        }
        finally
        {
            if (generation == _generation)
                Loading = false;
        }
    }

    /// <summary>The choice a drop-down's wire name stands for; blank or unknown is "any".</summary>
    public static T? Choose<T>(IReadOnlyList<FilterChoice<T>> choices, string? name, Func<T, string> nameOf)
        where T : struct =>
        choices.FirstOrDefault(c => string.Equals(nameOf(c.Value), name, StringComparison.Ordinal))?.Value;

    public static string OutcomeText(ExecutionOutcome outcome) => Outcomes.Single(o => o.Value == outcome).Text;

    public static string CacheText(CacheLevel cache) => cache switch
    {
        CacheLevel.Miss => "miss",
        CacheLevel.Exact => "exact",
        CacheLevel.Coalesced => "coalesced",
        _ => "semantic",
    };

    public static string OriginText(ExecutionOrigin origin) => origin switch
    {
        ExecutionOrigin.Api => "API",
        ExecutionOrigin.OpenAiCompatible => "OpenAI",
        ExecutionOrigin.Console => "Console",
        ExecutionOrigin.Golden => "Golden set",
        ExecutionOrigin.Batch => "Batch",
        _ => "generated",
    };

    /// <summary>"label production", "canary c-12 (candidate)", "version 3".</summary>
    public static string RouteText(string kind, string id, string? arm) =>
        arm is null ? $"{kind} {id}" : $"{kind} {id} ({arm})";

    /// <summary>The list's time column: UTC (the column says so), to the second.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Tokens(int input, int output) => $"{input.ToString("N0", CultureInfo.InvariantCulture)} → {output.ToString("N0", CultureInfo.InvariantCulture)}";

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>Addresses of the executions pages, for any page that links to "executions of this prompt".</summary>
public static class ExecutionLinks
{
    public static string Detail(Guid id) => $"executions/{id}";

    public static string ForPrompt(string promptKey, int? version = null) =>
        List(new ExecutionFilterText(Prompt: promptKey, Version: version?.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The list's address with the filter in its query, blank fields left out, in a stable order.</summary>
    public static string List(ExecutionFilterText filter)
    {
        var pairs = new (string Name, string? Value)[]
        {
            ("prompt", filter.Prompt), ("version", filter.Version), ("outcome", filter.Outcome), ("cache", filter.Cache),
            ("model", filter.Model), ("origin", filter.Origin), ("from", filter.From), ("to", filter.To),
            ("errorType", filter.ErrorType), ("traceId", filter.TraceId), ("tenant", filter.Tenant),
        };
        var query = string.Join("&", pairs
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!.Trim())}"));
        return query.Length == 0 ? "executions" : $"executions?{query}";
    }
}
