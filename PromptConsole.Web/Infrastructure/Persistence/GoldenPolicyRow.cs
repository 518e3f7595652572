namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A prompt's golden-gate setting (<c>GoldenPolicies</c>), kept beside the prompt rather than on it: the
/// prompt aggregate's revision counts changes to its versions and labels, and this is neither.
/// A prompt without a row does not require a golden run.
/// </summary>
public sealed class GoldenPolicyRow
{
    private GoldenPolicyRow()
    {
        PromptKey = UpdatedBy = string.Empty;
    }

    public GoldenPolicyRow(string promptKey)
        : this()
    {
        PromptKey = promptKey;
    }

    public string PromptKey { get; private set; }

    public bool RequireGoldenPass { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public void Set(bool requireGoldenPass, string actor, DateTimeOffset now)
    {
        RequireGoldenPass = requireGoldenPass;
        UpdatedBy = actor;
        UpdatedAt = now;
    }
}
