namespace PromptConsole.Domain.Execution;

public enum ExecutionOutcome
{
    Success,
    /// <summary>The model answered but the output failed the version's checks (HTTP 422).</summary>
    OutputRejected,
    /// <summary>Every attempt and fallback failed (HTTP 502).</summary>
    ProviderFailed,
    /// <summary>The request was cancelled or timed out as a whole.</summary>
    Cancelled,
}

public enum CacheLevel
{
    Miss,
    Exact,
    Semantic,
    /// <summary>Shared an identical request's in-flight provider call (same exact-cache key) instead of making one.</summary>
    Coalesced,
}

/// <summary>Who asked for an execution; generated and console traffic is told apart from applications' traffic.</summary>
public enum ExecutionOrigin
{
    /// <summary>An application through the execution API.</summary>
    Api,
    /// <summary>An OpenAI client through <c>/v1/chat/completions</c>.</summary>
    OpenAiCompatible,
    /// <summary>An operator's "try it" run in the console.</summary>
    Console,
    /// <summary>The optional demo traffic generator: not real traffic, and shown as generated.</summary>
    DemoTraffic,
    /// <summary>A golden-set run: a version pinned and judged against reference cases, not real traffic.</summary>
    Golden,
    /// <summary>An item of a batch job (<c>POST /api/v1/prompts/{key}/batches</c>): an application's traffic, run in the background.</summary>
    Batch,
}

/// <summary>
/// Milliseconds spent in each stage of the pipeline; null where a stage did not run (e.g. no
/// provider call on a cache hit, no checks after a provider failure).
/// </summary>
public sealed record StageTimings(
    double? RouteMs,
    double? RenderMs,
    double? CacheMs,
    double? ProviderMs,
    double? ChecksMs);

/// <summary>
/// What one execution did, as recorded. Raw text is held only when capture is on for the prompt;
/// the hashes always are, so identical inputs can be found without storing them.
/// </summary>
public sealed class ExecutionRecord
{
    private ExecutionRecord()
    {
        PromptKey = RouteId = Model = InputHash = string.Empty;
    }

    public ExecutionRecord(
        Guid id,
        DateTimeOffset startedAt,
        string promptKey,
        int promptVersion,
        string routeKind,
        string routeId,
        string? routeArm,
        string? subject,
        ExecutionOrigin origin = ExecutionOrigin.Api,
        string? tenant = null)
    {
        Origin = origin;
        Tenant = TenantOf(tenant);
        Id = id;
        StartedAt = startedAt;
        PromptKey = promptKey;
        PromptVersion = promptVersion;
        RouteKind = routeKind;
        RouteId = routeId;
        RouteArm = routeArm;
        _subject = subject;
        Model = string.Empty;
        InputHash = string.Empty;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public string PromptKey { get; private set; }

    public int PromptVersion { get; private set; }

    public string RouteKind { get; private set; } = string.Empty;

    public string RouteId { get; private set; }

    public string? RouteArm { get; private set; }

    /// <summary>
    /// The experiment that targeted this request but did not enrol it (it got the label's version), and why
    /// (<c>no_subject</c>, <c>outside_coverage</c>, <c>unknown_version</c>): the experiment's results count them.
    /// </summary>
    public string? NotEnrolledExperiment { get; private set; }

    public string? NotEnrolledReason { get; private set; }

    public void MarkNotEnrolled(string experimentKey, string reason)
    {
        NotEnrolledExperiment = experimentKey;
        NotEnrolledReason = reason;
    }

    public ExecutionOrigin Origin { get; private set; }

    /// <summary>The longest tenant identifier stored; the execution APIs refuse longer ones.</summary>
    public const int MaxTenantLength = 100;

    /// <summary>
    /// The caller's tenant, as given (null when the request named none). Unlike the subject it is not
    /// pseudonymized: tenant identifiers are account names that operators choose for the applications
    /// and customers they serve (the API keys' tenants), not data about a person, and cost and usage
    /// per tenant must be readable as such in the console, the metrics and the request log.
    /// </summary>
    public string? Tenant { get; private set; }

    /// <summary>Blank means none; a value longer than the column (only reachable past the API checks) is cut rather than lose the record.</summary>
    public static string? TenantOf(string? tenant)
    {
        if (string.IsNullOrWhiteSpace(tenant))
            return null;
        tenant = tenant.Trim();
        return tenant.Length <= MaxTenantLength ? tenant : tenant[..MaxTenantLength];
    }

    // Held only until the record is written: the stored form is the keyed pseudonym below.
    private string? _subject;

    /// <summary>
    /// A keyed pseudonym of the subject (set by <see cref="PseudonymizeSubject"/> before the record is
    /// stored), so per-subject analysis works without storing who it was — and, unlike a plain
    /// hash, cannot be reversed by hashing a list of likely user ids.
    /// </summary>
    public string? SubjectHash { get; private set; }

    /// <summary>Replaces the raw subject with its pseudonym; the raw value is forgotten.</summary>
    public void PseudonymizeSubject(Func<string, string> pseudonym)
    {
        if (_subject is null)
            return;
        SubjectHash = pseudonym(_subject);
        _subject = null;
    }

    /// <summary>The model that answered (or the last one tried when all failed).</summary>
    public string Model { get; private set; }

    public bool Simulated { get; private set; }

    public ExecutionOutcome Outcome { get; private set; }

    public string? ErrorType { get; private set; }

    public CacheLevel Cache { get; private set; }

    public double LatencyMs { get; private set; }

    public int Attempts { get; private set; }

    public int InputTokens { get; private set; }

    public int OutputTokens { get; private set; }

    public decimal CostUsd { get; private set; }

    public string InputHash { get; private set; }

    public string? OutputHash { get; private set; }

    public string? CapturedInput { get; private set; }

    public string? CapturedOutput { get; private set; }

    /// <summary>When captured text must be erased; null when nothing was captured.</summary>
    public DateTimeOffset? CaptureExpiresAt { get; private set; }

    public string? TraceId { get; private set; }

    /// <summary>Where the time went; null for records written before stages were timed.</summary>
    public StageTimings? Stages { get; private set; }

    public int? FeedbackScore { get; private set; }

    public DateTimeOffset? FeedbackAt { get; private set; }

    /// <summary>The latest automated grade (0..1); every grade also reaches the metrics, this keeps the last one with the record.</summary>
    public double? AutomatedScore { get; private set; }

    public string? AutomatedEvaluator { get; private set; }

    public DateTimeOffset? AutomatedScoreAt { get; private set; }

    public void Complete(
        ExecutionOutcome outcome,
        string model,
        bool simulated,
        string? errorType,
        double latencyMs,
        int attempts,
        int inputTokens,
        int outputTokens,
        decimal costUsd,
        string inputHash,
        string? outputHash,
        string? traceId)
    {
        Outcome = outcome;
        Model = model;
        Simulated = simulated;
        ErrorType = errorType;
        LatencyMs = latencyMs;
        Attempts = attempts;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        CostUsd = costUsd;
        InputHash = inputHash;
        OutputHash = outputHash;
        TraceId = traceId;
        Cache = CacheLevel.Miss;
    }

    public void ServedFromCache(CacheLevel level) => Cache = level;

    /// <summary>Which cache tier answered a hit: <c>l1</c> (this process) or <c>l2</c> (Redis); null otherwise.</summary>
    public string? CacheTier { get; private set; }

    /// <summary>Tokens a cache hit or a coalesced request did not buy from the provider (0 when it called one).</summary>
    public int SavedTokens { get; private set; }

    /// <summary>What the answer cost when it was bought, not paid again for this request.</summary>
    public decimal SavedCostUsd { get; private set; }

    /// <summary>
    /// Marks a request answered without its own provider call: the level, the tier that held it, and what it saved.
    /// The record's own cost stays 0 (set by <see cref="Complete"/>); its tokens are the answer's.
    /// </summary>
    public void ServedFromCache(CacheLevel level, string? tier, int savedTokens, decimal savedCostUsd)
    {
        Cache = level;
        CacheTier = tier;
        SavedTokens = savedTokens;
        SavedCostUsd = savedCostUsd;
    }

    public void RecordStages(StageTimings stages) => Stages = stages;

    public void Capture(string input, string? output, DateTimeOffset expiresAt)
    {
        CapturedInput = input;
        CapturedOutput = output;
        CaptureExpiresAt = expiresAt;
    }

    public const int MinFeedbackScore = 1;
    public const int MaxFeedbackScore = 5;

    public static bool IsValidFeedbackScore(int score) => score is >= MinFeedbackScore and <= MaxFeedbackScore;

    public void RecordFeedback(int score, DateTimeOffset at)
    {
        if (!IsValidFeedbackScore(score))
            throw new ArgumentOutOfRangeException(nameof(score), score, "Feedback scores run from 1 to 5.");
        FeedbackScore = score;
        FeedbackAt = at;
    }

    public void RecordAutomatedScore(AutomatedScore score, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(score);
        AutomatedScore = score.Value;
        AutomatedEvaluator = score.Evaluator;
        AutomatedScoreAt = at;
    }
}
