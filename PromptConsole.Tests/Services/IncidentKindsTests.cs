using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Services;

public sealed class IncidentKindsTests
{
    [Theory]
    [InlineData("label.deployed", "deploy")]
    [InlineData("label.rolled-back", "rollback")]
    [InlineData("rollback.automatic", "automatic-rollback")]
    [InlineData("rollback.stood-down", "stood-down")]
    [InlineData("rollback.recovery-checked", "recovery")]
    [InlineData("canary.started", "canary")]
    [InlineData("canary.step-advanced", "canary")]
    [InlineData("canary.paused", "canary")]
    [InlineData("canary.resumed", "canary")]
    [InlineData("canary.promoted", "canary")]
    [InlineData("canary.aborted", "canary")]
    [InlineData("golden.run-completed", "golden-run")]
    [InlineData("golden.gate-overridden", "golden-override")]
    [InlineData("experiment.started", "experiment")]
    [InlineData("experiment.stopped", "experiment")]
    [InlineData("flag.enabled", "kill-switch")]
    [InlineData("flag.disabled", "kill-switch")]
    [InlineData("prompt.updated", null)]
    [InlineData("version.created", null)]
    [InlineData("golden.case-created", null)]
    [InlineData("experiment.reallocated", null)]
    [InlineData("flag.updated", null)]
    public void Maps_audit_actions_to_timeline_kinds(string action, string? kind) => Assert.Equal(kind, IncidentKinds.Of(action));
}
