using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>
/// A registry over the real domain aggregate, kept in memory. Each prompt is stored as its
/// creation plus the list of accepted changes and rebuilt on every read, so callers get
/// detached copies exactly like the real registry hands out, and stale revisions conflict.
/// </summary>
public sealed class InMemoryPromptRegistry : IPromptRegistry
{
    public const string StaleRevisionCode = "revision-conflict";

    private readonly Dictionary<string, (Func<Prompt> Create, List<Action<Prompt>> Changes)> _prompts = new(StringComparer.Ordinal);
    private readonly List<AuditEvent> _audit = [];
    private readonly ManualClock _clock = new();

    public List<string?> Searches { get; } = [];

    public Task<IReadOnlyList<PromptSummary>> ListAsync(string? search, CancellationToken cancellationToken = default)
    {
        Searches.Add(search);
        var summaries = _prompts.Keys.Select(Materialize)
            .Where(p => search is null
                        || p.Key.Contains(search, StringComparison.OrdinalIgnoreCase)
                        || p.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                        || p.Description.Contains(search, StringComparison.OrdinalIgnoreCase)
                        || p.Tags.Any(t => t.Equals(search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PromptSummary(
                p.Key, p.Name, p.Description, p.Tags, p.Versions.Count, p.LatestVersion?.Number,
                p.Labels.Where(l => l.VersionNumber is not null).ToDictionary(l => l.Name, l => l.VersionNumber!.Value),
                p.UpdatedAt, p.Revision))
            .ToArray();
        return Task.FromResult<IReadOnlyList<PromptSummary>>(summaries);
    }

    public Task<Result<Prompt>> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_prompts.ContainsKey(key) ? Result<Prompt>.Success(Materialize(key)) : NotFound(key));

    public Task<Result<Prompt>> CreateAsync(CreatePromptCommand command, string actor, CancellationToken cancellationToken = default)
    {
        if (_prompts.ContainsKey(command.Key))
            return Task.FromResult<Result<Prompt>>(Error.Conflict("prompt-exists", $"A prompt with key '{command.Key}' already exists."));

        var now = _clock.Next();
        var created = Prompt.Create(command.Key, command.Name, command.Description, command.Tags, actor, now);
        if (!created.IsSuccess)
            return Task.FromResult(created);

        var prompt = created.Value;
        if (command.FirstVersion is { } first)
        {
            var version = prompt.AddVersion(first, actor, now);
            if (!version.IsSuccess)
            {
                var error = version.Error!;
                return Task.FromResult<Result<Prompt>>(error with { Fields = error.FieldErrors.Select(f => f with { Field = "firstVersion." + f.Field }).ToArray() });
            }
        }

        _audit.AddRange(prompt.PendingAudit);
        _prompts[command.Key] = (
            () => Prompt.Create(command.Key, command.Name, command.Description, command.Tags, actor, now).Value,
            command.FirstVersion is { } draft ? [p => p.AddVersion(draft, actor, now)] : []);
        return Task.FromResult<Result<Prompt>>(Materialize(command.Key));
    }

    public Task<Result<Prompt>> UpdateAsync(string key, UpdatePromptCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var now = _clock.Next();
        return Change(key, command.ExpectedRevision, p => p.UpdateDetails(command.Name, command.Description, command.Tags, command.CaptureEnabled, command.CaptureRetentionDays, actor, now));
    }

    public async Task<Result<CreatedVersion>> AddVersionAsync(string key, VersionDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        var now = _clock.Next();
        var result = await Change(key, expectedRevision, p => p.AddVersion(draft, actor, now));
        if (!result.IsSuccess)
            return result.Error!;
        var warnings = VersionDraftValidator.Review(draft).Warnings;
        return new CreatedVersion(result.Value, warnings, Materialize(key).Revision);
    }

    public Task<Result<Label>> DeployAsync(string key, string label, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        var now = _clock.Next();
        return Change(key, expectedRevision, p => p.Deploy(label, version, actor, reason, now));
    }

    public Task<Result<Label>> RollbackAsync(string key, string label, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        var now = _clock.Next();
        return Change(key, expectedRevision, p => p.Rollback(label, actor, reason, now));
    }

    public Task<Result<PromptVersion>> DeprecateAsync(string key, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        var now = _clock.Next();
        return Change(key, expectedRevision, p => p.DeprecateVersion(version, actor, reason, now));
    }

    public Task<IReadOnlyList<AuditEvent>> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<AuditEvent> events = _audit
            .Where(e => query.PromptKey is null || e.PromptKey == query.PromptKey)
            .OrderByDescending(e => e.At)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToArray();
        return Task.FromResult(events);
    }

    private Task<Result<T>> Change<T>(string key, int? expectedRevision, Func<Prompt, Result<T>> change)
    {
        if (!_prompts.TryGetValue(key, out var entry))
            return Task.FromResult<Result<T>>(NotFound(key));

        var prompt = Materialize(key);
        if (expectedRevision is { } expected && expected != prompt.Revision)
        {
            return Task.FromResult<Result<T>>(Error.Conflict(
                StaleRevisionCode,
                $"Prompt '{key}' was changed by someone else (revision {prompt.Revision}, you had {expected}). Reload and try again."));
        }

        var result = change(prompt);
        if (result.IsSuccess && prompt.PendingAudit.Count > 0)
        {
            _audit.AddRange(prompt.PendingAudit);
            entry.Changes.Add(p => change(p));
        }

        return Task.FromResult(result);
    }

    private Prompt Materialize(string key)
    {
        var (create, changes) = _prompts[key];
        var prompt = create();
        foreach (var change in changes)
            change(prompt);
        prompt.ClearPendingAudit();
        return prompt;
    }

    private static Error NotFound(string key) => Error.NotFound("prompt-not-found", $"Prompt '{key}' does not exist.");
}
