using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Allows every release unless <see cref="Refusal"/> is set; an override reason lets a refusal through and is remembered.</summary>
public sealed class FakeGoldenGate : IGoldenGate
{
    public string? Refusal { get; set; }

    public List<(string Prompt, int Version, string Action, string Reason, string Actor)> Overrides { get; } = [];

    public Task<Error?> CheckReleaseAsync(string promptKey, int version, string action, string versionField, string? overrideReason, string actor, CancellationToken cancellationToken = default)
    {
        if (Refusal is null)
            return Task.FromResult<Error?>(null);
        if (!string.IsNullOrWhiteSpace(overrideReason))
        {
            Overrides.Add((promptKey, version, action, overrideReason, actor));
            return Task.FromResult<Error?>(null);
        }

        return Task.FromResult<Error?>(new Error(ErrorKind.Conflict, "golden-gate", $"The golden gate refuses to {action} v{version}: {Refusal}", [new FieldError(versionField, Refusal)]));
    }
}
