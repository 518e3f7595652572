using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Flags;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Domain.Prompts;

/// <summary>
/// A read-only copy of what execution needs from a prompt: its versions, where each label points, its
/// live experiments (compiled, in routing order) and an engaged kill switch. The gateway keeps these in
/// memory so that serving a request never touches the database. <paramref name="Canary"/> is the prompt's
/// running or paused canary, if any.
/// </summary>
public sealed record PromptSnapshot(
    Guid Id,
    string Key,
    int Revision,
    bool CaptureEnabled,
    int CaptureRetentionDays,
    IReadOnlyDictionary<int, PromptVersion> Versions,
    IReadOnlyDictionary<string, int> Labels,
    PromptExperiments? Experiments = null,
    PromptKillSwitch? KillSwitch = null,
    CanaryRoute? Canary = null)
{
    /// <summary>The prompt's exact response cache settings (off unless the prompt switched it on).</summary>
    public Caching.ExactCacheSettings ExactCache { get; init; } = Caching.ExactCacheSettings.Off;

    /// <summary>The prompt's semantic cache settings (off unless the prompt switched it on).</summary>
    public Caching.SemanticCacheSettings SemanticCache { get; init; } = Caching.SemanticCacheSettings.Off;

    public static PromptSnapshot From(Prompt prompt) => From(prompt, null, null);

    public static PromptSnapshot From(Prompt prompt, PromptExperiments? experiments, PromptKillSwitch? killSwitch, CanaryRoute? canary = null) => new(
        prompt.Id,
        prompt.Key,
        prompt.Revision,
        prompt.CaptureEnabled,
        prompt.CaptureRetentionDays,
        prompt.Versions.ToDictionary(v => v.Number),
        prompt.Labels.Where(l => l.VersionNumber is not null).ToDictionary(l => l.Name, l => l.VersionNumber!.Value, StringComparer.Ordinal),
        experiments,
        killSwitch,
        canary)
    {
        ExactCache = prompt.ExactCache,
        SemanticCache = prompt.SemanticCache,
    };
}
