using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class LabelsViewModelTests
{
    [Fact]
    public async Task Deploy_then_rollback_moves_the_label_and_shows_it_at_once()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await registry.DeployAsync("greeting", "production", 1, "first release", null, "alice");
        var labels = new LabelsViewModel(registry, new FakeGoldenGate(), new FixedUser("oncall"));
        labels.Load(await registry.PromptAsync("greeting"));
        Assert.Equal(2, labels.DeployVersion);

        labels.DeployLabel = "production";
        labels.DeployReason = "ship v2";
        Assert.True(await labels.DeployAsync());
        Assert.Equal(2, labels.Find("production")!.Version);
        Assert.Equal("production now serves version 2.", labels.Status);

        labels.Load(await registry.PromptAsync("greeting"));
        Assert.True(await labels.RollbackAsync("production", "error rate doubled"));

        // The row changes from the registry's answer, before any reload of the prompt.
        var production = labels.Find("production")!;
        Assert.Equal(1, production.Version);
        Assert.Equal("production rolled back to version 1.", labels.Status);
        var latestMove = production.History[0];
        Assert.Equal((LabelMoveKind.Rollback, 2, 1, "oncall", "error rate doubled"), (latestMove.Kind, latestMove.FromVersion, latestMove.ToVersion, latestMove.Actor, latestMove.Reason));
        Assert.Equal(1, (await registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }

    [Fact]
    public async Task Rolling_back_a_label_with_nothing_to_undo_shows_the_registry_message()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        var labels = new LabelsViewModel(registry, new FakeGoldenGate(), new FixedUser("oncall"));
        labels.Load(await registry.PromptAsync("greeting"));

        Assert.False(await labels.RollbackAsync("production", "just in case"));

        Assert.Equal("nothing-to-roll-back", labels.Error!.Code);
        Assert.Equal("Label 'production' has no earlier version to roll back to.", labels.Error.Message);
        Assert.Equal(1, labels.Find("production")!.Version);
    }

    [Fact]
    public async Task A_stale_page_gets_a_conflict_instead_of_undoing_someone_elses_deploy()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 3);
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        await registry.DeployAsync("greeting", "production", 2, null, null, "alice");
        var labels = new LabelsViewModel(registry, new FakeGoldenGate(), new FixedUser("oncall"));
        labels.Load(await registry.PromptAsync("greeting"));

        await registry.DeployAsync("greeting", "production", 3, null, null, "carol");
        Assert.False(await labels.RollbackAsync("production", "stale view"));

        Assert.Equal(InMemoryPromptRegistry.StaleRevisionCode, labels.Error!.Code);
        Assert.Equal(3, (await registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }

    [Fact]
    public async Task Deploy_offers_only_versions_that_are_not_deprecated()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 3);
        await registry.DeprecateAsync("greeting", 3, "bad", null, "alice");
        var labels = new LabelsViewModel(registry, new FakeGoldenGate(), new FixedUser("oncall"));

        labels.Load(await registry.PromptAsync("greeting"));

        Assert.Equal([2, 1], labels.DeployableVersions);
        Assert.Equal(2, labels.DeployVersion);
    }

    [Fact]
    public async Task An_invalid_new_label_name_shows_the_field_message()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var labels = new LabelsViewModel(registry, new FakeGoldenGate(), new FixedUser("oncall"));
        labels.Load(await registry.PromptAsync("greeting"));

        labels.DeployLabel = "Prod Label";
        Assert.False(await labels.DeployAsync());

        Assert.Equal("The label name is not valid.", labels.Error!.Message);
        Assert.Contains(labels.Error.Fields, f => f.Text.StartsWith("'Prod Label' is not a valid label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_golden_gate_refusal_is_kept_apart_and_an_override_needs_a_reason()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var gate = new FakeGoldenGate { Refusal = "v2 has no golden run; this prompt requires a passing one before release." };
        var labels = new LabelsViewModel(registry, gate, new FixedUser("oncall"));
        labels.Load(await registry.PromptAsync("greeting"));

        Assert.False(await labels.DeployAsync());
        Assert.Null(labels.Error);
        Assert.Equal("golden-gate", labels.GateRefusal?.Code);
        Assert.Equal(["v2 has no golden run; this prompt requires a passing one before release."], labels.GateRefusal!.For("version"));

        Assert.False(await labels.OverrideAndDeployAsync());
        Assert.Equal("override-reason-missing", labels.Error?.Code);
        Assert.Empty(gate.Overrides);

        labels.OverrideReason = "hotfix for a customer";
        Assert.True(await labels.OverrideAndDeployAsync());
        Assert.Null(labels.GateRefusal);
        Assert.Equal("hotfix for a customer", Assert.Single(gate.Overrides).Reason);
        Assert.Equal(2, (await registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }
}
