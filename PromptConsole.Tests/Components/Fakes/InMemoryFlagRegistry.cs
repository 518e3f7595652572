using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>
/// Flags in memory, checked by the real <see cref="FlagValidator"/> against the prompts of
/// <paramref name="prompts"/>, with revisions that conflict like the real registry's. Records the
/// bodies and switches it received so tests can see what the console sent.
/// </summary>
public sealed class InMemoryFlagRegistry(IPromptRegistry prompts) : IFlagRegistry
{
    private readonly Dictionary<string, FlagRecord> _flags = new(StringComparer.Ordinal);
    private readonly List<AuditEvent> _audit = [];
    private readonly ManualClock _clock = new();

    public List<FlagDraft> Created { get; } = [];

    public List<(string Key, FlagDraft Draft, int? ExpectedRevision)> Updated { get; } = [];

    public List<(string Key, bool Enabled, string? Reason, int? ExpectedRevision, string Actor)> Switches { get; } = [];

    public List<(string Key, int? ExpectedRevision)> Deleted { get; } = [];

    public FlagRecord? Find(string key) => _flags.GetValueOrDefault(key);

    public Task<IReadOnlyList<FlagRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FlagRecord>>(_flags.Values.OrderBy(f => f.Flag.Key, StringComparer.Ordinal).ToArray());

    public Task<Result<FlagRecord>> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_flags.TryGetValue(key, out var record) ? Result<FlagRecord>.Success(record) : NotFound(key));

    public async Task<Result<FlagRecord>> CreateAsync(FlagDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        Created.Add(draft);
        var flag = FlagValidator.Validate(draft, await VersionsAsync(draft));
        if (!flag.IsSuccess)
            return flag.Error!;
        if (_flags.ContainsKey(flag.Value.Key))
            return Error.Conflict("flag-exists", $"A flag with key '{flag.Value.Key}' already exists.");

        var now = _clock.Next();
        return Store(new FlagRecord(flag.Value, 1, now, now), actor, "flag.created", $"created {flag.Value.Key}", null);
    }

    public async Task<Result<FlagRecord>> UpdateAsync(string key, FlagDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        Updated.Add((key, draft, expectedRevision));
        if (Current(key, expectedRevision) is { IsSuccess: false } refused)
            return refused;
        if (draft.Key is not null && draft.Key != key)
            return Error.Validation("invalid-flag", "The flag is not valid.", [new FieldError("key", $"The key of flag '{key}' cannot change (the body says '{draft.Key}').")]);

        var flag = FlagValidator.Validate(draft with { Key = key }, await VersionsAsync(draft));
        if (!flag.IsSuccess)
            return flag.Error!;

        var before = _flags[key];
        return Store(before with { Flag = flag.Value, Revision = before.Revision + 1, UpdatedAt = _clock.Next() }, actor, "flag.updated", $"updated {key}", null);
    }

    public Task<Result<FlagRecord>> SetEnabledAsync(string key, bool enabled, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        Switches.Add((key, enabled, reason, expectedRevision, actor));
        var current = Current(key, expectedRevision);
        if (!current.IsSuccess || current.Value.Flag.Enabled == enabled)
            return Task.FromResult(current);

        var before = current.Value;
        var switched = before with { Flag = before.Flag with { Enabled = enabled }, Revision = before.Revision + 1, UpdatedAt = _clock.Next() };
        return Task.FromResult(Store(switched, actor, enabled ? "flag.enabled" : "flag.disabled", $"{key}: {(enabled ? "off → on" : "on → off")}", reason));
    }

    public Task<Result<FlagRecord>> DeleteAsync(string key, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        Deleted.Add((key, expectedRevision));
        var current = Current(key, expectedRevision);
        if (current.IsSuccess)
        {
            _flags.Remove(key);
            _audit.Add(new AuditEvent(_clock.Next(), actor, "flag.deleted", null, Target(key), $"deleted {key}", null));
        }

        return Task.FromResult(current);
    }

    public Task<IReadOnlyList<AuditEvent>> GetAuditAsync(string key, int skip = 0, int take = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEvent>>(_audit.Where(e => e.Target == Target(key)).OrderByDescending(e => e.At).Skip(skip).Take(take).ToArray());

    private Result<FlagRecord> Current(string key, int? expectedRevision)
    {
        if (!_flags.TryGetValue(key, out var record))
            return NotFound(key);
        if (expectedRevision is { } expected && expected != record.Revision)
            return Error.Conflict("revision-conflict", $"Flag '{key}' is at revision {record.Revision}, not {expected}: it was changed by someone else. Reload and try again.");
        return record;
    }

    private Result<FlagRecord> Store(FlagRecord record, string actor, string action, string summary, string? reason)
    {
        _flags[record.Flag.Key] = record;
        _audit.Add(new AuditEvent(record.UpdatedAt, actor, action, record.Flag.KillSwitch?.PromptKey, Target(record.Flag.Key), summary, reason));
        return record;
    }

    private async Task<IReadOnlySet<int>?> VersionsAsync(FlagDraft draft)
    {
        if (draft.KillSwitch?.Prompt is not { } prompt)
            return null;
        var found = await prompts.GetAsync(prompt);
        return found.IsSuccess ? found.Value.Versions.Select(v => v.Number).ToHashSet() : null;
    }

    private static string Target(string key) => $"flag:{key}";

    private static Error NotFound(string key) => Error.NotFound("flag-not-found", $"There is no flag '{key}'.");
}
