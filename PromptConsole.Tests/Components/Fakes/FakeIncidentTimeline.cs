using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Timelines set by the test, per prompt; an unknown prompt is NotFound as in the real one.</summary>
public sealed class FakeIncidentTimeline : IIncidentTimeline
{
    private readonly Dictionary<string, List<IncidentEntry>> _entries = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public FakeIncidentTimeline With(string promptKey, params IncidentEntry[] entries)
    {
        if (!_entries.TryGetValue(promptKey, out var list))
            _entries[promptKey] = list = [];
        list.AddRange(entries);
        return this;
    }

    public Task<Result<IReadOnlyList<IncidentEntry>>> GetAsync(string promptKey, DateTimeOffset? since = null, int take = 200, CancellationToken cancellationToken = default)
    {
        Reads++;
        Result<IReadOnlyList<IncidentEntry>> result = _entries.TryGetValue(promptKey, out var list)
            ? list.Where(e => since is null || e.At >= since).OrderByDescending(e => e.At).Take(take).ToArray()
            : Error.NotFound("prompt-not-found", $"There is no prompt '{promptKey}'.");
        return Task.FromResult(result);
    }
}
