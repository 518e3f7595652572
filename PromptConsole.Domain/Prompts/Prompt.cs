using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Prompts;

/// <summary>
/// The aggregate: a prompt owns its versions and labels and guards every change to them.
/// Each change bumps <see cref="Revision"/> (the persistence layer's concurrency token, so two
/// concurrent edits cannot both win) and queues an audit event that is saved with it.
/// </summary>
public sealed class Prompt
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4_000;
    public const int MaxTags = 20;

    private readonly List<PromptVersion> _versions = [];
    private readonly List<Label> _labels = [];
    private readonly List<AuditEvent> _pendingAudit = [];

    private Prompt()
    {
        Key = Name = Description = string.Empty;
        Tags = [];
    }

    public Guid Id { get; private set; }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Incremented by every change; a stale revision means someone else changed the prompt first.</summary>
    public int Revision { get; private set; }

    /// <summary>When on, executions of this prompt store raw input and output text for <see cref="CaptureRetentionDays"/>.</summary>
    public bool CaptureEnabled { get; private set; }

    public int CaptureRetentionDays { get; private set; } = 7;

    /// <summary>Whether identical requests are answered from the exact response cache (opt-in).</summary>
    public bool ExactCacheEnabled { get; private set; }

    /// <summary>How long a cached answer is served, in seconds.</summary>
    public int ExactCacheTtlSeconds { get; private set; } = Caching.ExactCacheSettings.DefaultTtlSeconds;

    public Caching.ExactCacheSettings ExactCache => new(ExactCacheEnabled, ExactCacheTtlSeconds);

    /// <summary>The template-aware semantic cache's settings (off unless switched on; stored as one JSON column).</summary>
    public Caching.SemanticCacheSettings SemanticCache { get; private set; } = Caching.SemanticCacheSettings.Off;

    public IReadOnlyList<PromptVersion> Versions => _versions.OrderBy(v => v.Number).ToArray();

    public IReadOnlyList<Label> Labels => _labels.OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();

    public IReadOnlyList<AuditEvent> PendingAudit => _pendingAudit;

    public PromptVersion? LatestVersion => _versions.MaxBy(v => v.Number);

    public static Result<Prompt> Create(string key, string name, string? description, IEnumerable<string>? tags, string actor, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (!PromptKey.IsValid(key))
            errors.Add(new FieldError("key", $"'{key}' is not a valid key: 1–{PromptKey.MaxLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."));
        var cleanTags = ValidateDescriptive(name, description, tags, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-prompt", "The prompt is not valid.", errors);

        var prompt = new Prompt
        {
            Id = Guid.CreateVersion7(now),
            Key = key,
            Name = name.Trim(),
            Description = description?.Trim() ?? string.Empty,
            Tags = cleanTags,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
        prompt._pendingAudit.Add(new AuditEvent(now, actor, AuditActions.PromptCreated, key, $"prompt:{key}", $"Created prompt '{prompt.Name}'", null));
        return prompt;
    }

    public Result<Prompt> UpdateDetails(string name, string? description, IEnumerable<string>? tags, bool captureEnabled, int captureRetentionDays, string actor, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var cleanTags = ValidateDescriptive(name, description, tags, errors);
        if (captureRetentionDays is < 1 or > 3650)
            errors.Add(new FieldError("captureRetentionDays", "Retention must be between 1 and 3650 days."));
        if (errors.Count > 0)
            return Error.Validation("invalid-prompt", "The prompt is not valid.", errors);

        var captureChange = captureEnabled != CaptureEnabled ? $"; capture {(captureEnabled ? "on" : "off")}" : string.Empty;
        Name = name.Trim();
        Description = description?.Trim() ?? string.Empty;
        Tags = cleanTags;
        CaptureEnabled = captureEnabled;
        CaptureRetentionDays = captureRetentionDays;
        Touch(now, new AuditEvent(now, actor, AuditActions.PromptUpdated, Key, $"prompt:{Key}", $"Updated details{captureChange}", null));
        return this;
    }

    /// <summary>Switches the exact response cache on or off and sets its TTL (already validated by <see cref="Caching.ExactCacheSettings.Create"/>).</summary>
    public Result<Caching.ExactCacheSettings> ConfigureExactCache(Caching.ExactCacheSettings settings, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TtlSeconds is < Caching.ExactCacheSettings.MinTtlSeconds or > Caching.ExactCacheSettings.MaxTtlSeconds)
            return Error.Validation("invalid-cache-settings", "The cache settings are not valid.", [new FieldError("ttlSeconds", "The time to live is out of range.")]);
        if (settings == ExactCache)
            return settings;

        ExactCacheEnabled = settings.Enabled;
        ExactCacheTtlSeconds = settings.TtlSeconds;
        Touch(now, new AuditEvent(now, actor, AuditActions.CacheConfigured, Key, $"prompt:{Key}:cache",
            $"Exact cache {(settings.Enabled ? "on" : "off")}, TTL {settings.TtlSeconds} s", null));
        return settings;
    }

    /// <summary>
    /// Applies a change to the semantic cache, checked against every variable any version declares and the latest
    /// version's policies (see <see cref="Caching.SemanticCacheChange.Apply"/>).
    /// </summary>
    public Result<Caching.SemanticCacheSettings> ConfigureSemanticCache(Caching.SemanticCacheChange change, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        var declared = _versions.SelectMany(v => v.Variables).Select(v => v.Name).Distinct(StringComparer.Ordinal).ToArray();
        var settings = change.Apply(SemanticCache, declared, LatestVersion?.Variables ?? []);
        if (!settings.IsSuccess || settings.Value == SemanticCache)
            return settings;

        SemanticCache = settings.Value;
        Touch(now, new AuditEvent(now, actor, AuditActions.CacheConfigured, Key, $"prompt:{Key}:semantic-cache", settings.Value.Describe(), null));
        return settings;
    }

    /// <summary>Adds the next version. The draft must already have passed <see cref="VersionDraftValidator"/>.</summary>
    public Result<PromptVersion> AddVersion(VersionDraft draft, string author, DateTimeOffset now)
    {
        var review = VersionDraftValidator.Review(draft);
        if (!review.IsValid)
            return Error.Validation("invalid-version", "The version is not valid.", review.Errors);

        var hash = ContentHash.Compute(draft);
        var latest = LatestVersion;
        if (latest is not null && latest.ContentHash == hash)
            return Error.Conflict("version-unchanged", $"Version {latest.Number} already has exactly this content.");

        var version = new PromptVersion(Id, (latest?.Number ?? 0) + 1, draft, author, now);
        _versions.Add(version);
        Touch(now, new AuditEvent(now, author, AuditActions.VersionCreated, Key, $"version:{version.Number}", $"Created v{version.Number}", version.Note));
        return version;
    }

    /// <summary>Points a label at a version, creating the label on first deploy. Deploying where it already points changes nothing.</summary>
    public Result<Label> Deploy(string labelName, int versionNumber, string actor, string? reason, DateTimeOffset now)
    {
        if (!LabelName.IsValid(labelName))
            return Error.Validation("invalid-label", "The label name is not valid.", [new FieldError("label", $"'{labelName}' is not a valid label: lower-case letters, digits, '_' or '-', starting with a letter.")]);

        var version = FindVersion(versionNumber);
        if (version is null)
            return Error.NotFound("version-not-found", $"Prompt '{Key}' has no version {versionNumber}.");
        if (version.IsDeprecated)
            return Error.Conflict("version-deprecated", $"Version {versionNumber} is deprecated and cannot be deployed.");

        var label = FindLabel(labelName);
        if (label is null)
        {
            label = new Label(labelName);
            _labels.Add(label);
        }
        else if (label.VersionNumber == versionNumber)
        {
            return label;
        }

        var from = label.VersionNumber;
        label.MoveTo(LabelMoveKind.Deploy, versionNumber, actor, reason, now);
        Touch(now, new AuditEvent(now, actor, AuditActions.LabelDeployed, Key, $"label:{labelName}", $"{labelName}: {Describe(from)} → v{versionNumber}", reason));
        return label;
    }

    /// <summary>Moves a label back to where it pointed before its latest deploy that has not been undone.</summary>
    public Result<Label> Rollback(string labelName, string actor, string? reason, DateTimeOffset now)
    {
        var label = FindLabel(labelName);
        if (label is null)
            return Error.NotFound("label-not-found", $"Prompt '{Key}' has no label '{labelName}'.");

        var target = label.RollbackTarget;
        if (target is null)
            return Error.Conflict("nothing-to-roll-back", $"Label '{labelName}' has no earlier version to roll back to.");

        if (FindVersion(target.Value) is { IsDeprecated: true })
            return Error.Conflict("rollback-target-deprecated", $"Label '{labelName}' would roll back to v{target}, which is deprecated; deploy a version instead.");

        var from = label.VersionNumber;
        label.MoveTo(LabelMoveKind.Rollback, target.Value, actor, reason, now);
        Touch(now, new AuditEvent(now, actor, AuditActions.LabelRolledBack, Key, $"label:{labelName}", $"{labelName}: {Describe(from)} → v{target} (rollback)", reason));
        return label;
    }

    /// <summary>Marks a version as not to be deployed again. A version a label points at cannot be deprecated.</summary>
    public Result<PromptVersion> DeprecateVersion(int versionNumber, string actor, string? reason, DateTimeOffset now)
    {
        var version = FindVersion(versionNumber);
        if (version is null)
            return Error.NotFound("version-not-found", $"Prompt '{Key}' has no version {versionNumber}.");
        if (version.IsDeprecated)
            return version;

        var pointing = _labels.Where(l => l.VersionNumber == versionNumber).Select(l => l.Name).ToArray();
        if (pointing.Length > 0)
            return Error.Conflict("version-in-use", $"Version {versionNumber} is served by label(s) {string.Join(", ", pointing)}; move them first.");

        version.MarkDeprecated(now);
        Touch(now, new AuditEvent(now, actor, AuditActions.VersionDeprecated, Key, $"version:{versionNumber}", $"Deprecated v{versionNumber}", reason));
        return version;
    }

    public PromptVersion? FindVersion(int number) => _versions.FirstOrDefault(v => v.Number == number);

    public Label? FindLabel(string name) => _labels.FirstOrDefault(l => l.Name == name);

    /// <summary>Called by persistence once the pending events are saved with the change.</summary>
    public void ClearPendingAudit() => _pendingAudit.Clear();

    private void Touch(DateTimeOffset now, AuditEvent audit)
    {
        UpdatedAt = now;
        Revision++;
        _pendingAudit.Add(audit);
    }

    private static string Describe(int? version) => version is null ? "(none)" : $"v{version}";

    private static string[] ValidateDescriptive(string name, string? description, IEnumerable<string>? tags, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
            errors.Add(new FieldError("name", "A name is required."));
        else if (name.Length > MaxNameLength)
            errors.Add(new FieldError("name", $"The name is longer than {MaxNameLength} characters."));
        if (description is { Length: > MaxDescriptionLength })
            errors.Add(new FieldError("description", $"The description is longer than {MaxDescriptionLength} characters."));

        var cleanTags = (tags ?? []).Where(t => t is not null).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToArray();
        if (cleanTags.Length > MaxTags)
            errors.Add(new FieldError("tags", $"At most {MaxTags} tags."));
        if (cleanTags.Any(t => t.Length > 40))
            errors.Add(new FieldError("tags", "A tag is longer than 40 characters."));
        return cleanTags;
    }
}
