using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Persistence;

public sealed class PromptRegistryTests
{
    private const string Actor = "alice";

    private static VersionDraft Draft(string template = "Hello {{name}}", string model = "sim-fast", OutputChecks? checks = null, params VariableDeclaration[] variables) =>
        new(template, new ModelSettings(model), variables.Length > 0 ? variables : [new VariableDeclaration("name")], checks);

    private static async Task<Prompt> CreatePrompt(IPromptRegistry registry, string key, VersionDraft? first = null, string? name = null, string? description = null, string[]? tags = null)
    {
        var created = await registry.CreateAsync(new CreatePromptCommand(key, name ?? $"Prompt {key}", description, tags, first), Actor);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Create_then_list_and_search_over_key_name_description_and_tags(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        await CreatePrompt(registry, "support-reply", Draft(), name: "Support Reply", description: "Answers customers", tags: ["Support", "email"]);
        await CreatePrompt(registry, "summarize-ticket", name: "Ticket summary", description: "One paragraph for the HAND-OVER", tags: ["ops"]);
        await CreatePrompt(registry, "extract-order", name: "Extract order", description: "JSON out", tags: ["orders"]);

        var all = await registry.ListAsync(null);
        Assert.Equal(["extract-order", "summarize-ticket", "support-reply"], all.Select(p => p.Key));
        var support = all.Single(p => p.Key == "support-reply");
        Assert.Equal(1, support.VersionCount);
        Assert.Equal(1, support.LatestVersion);
        Assert.Equal(["support", "email"], support.Tags);
        Assert.Empty(support.Labels);
        Assert.Equal(0, all.Single(p => p.Key == "extract-order").VersionCount);
        Assert.Null(all.Single(p => p.Key == "extract-order").LatestVersion);

        Assert.Equal(["summarize-ticket"], (await registry.ListAsync("TICKET")).Select(p => p.Key));
        Assert.Equal(["support-reply"], (await registry.ListAsync("reply")).Select(p => p.Key));
        Assert.Equal(["summarize-ticket"], (await registry.ListAsync("hand-over")).Select(p => p.Key));
        Assert.Equal(["support-reply"], (await registry.ListAsync("EMAIL")).Select(p => p.Key));
        Assert.Equal(["extract-order"], (await registry.ListAsync("  order ")).Select(p => p.Key));
        Assert.Empty(await registry.ListAsync("nothing-matches-this"));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Create_rejects_duplicate_and_invalid_keys(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        await CreatePrompt(registry, "greet");

        var duplicate = await registry.CreateAsync(new CreatePromptCommand("greet", "Again", null, null, null), Actor);
        Assert.Equal(ErrorKind.Conflict, duplicate.Error?.Kind);
        Assert.Equal("prompt-exists", duplicate.Error?.Code);

        var invalid = await registry.CreateAsync(new CreatePromptCommand("Not A Key", "x", null, null, null), Actor);
        Assert.Equal(ErrorKind.Validation, invalid.Error?.Kind);

        var badFirstVersion = await registry.CreateAsync(new CreatePromptCommand("bad-first", "x", null, null, Draft("Hi {{undeclared}}")), Actor);
        Assert.Equal(ErrorKind.Validation, badFirstVersion.Error?.Kind);
        Assert.Equal(["greet"], (await registry.ListAsync(null)).Select(p => p.Key));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Create_with_first_version_saves_prompt_and_v1_together(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        var draft = new VersionDraft(
            "Reply to {{customer}} in a {{tone}} tone",
            new ModelSettings("sim-smart", 0.4, 300, ["sim-fast"]),
            [new VariableDeclaration("customer", VariableType.String), new VariableDeclaration("tone", VariableType.Enum, false, "friendly", ["friendly", "formal"], CachePolicy.Exact)],
            new OutputChecks(500, "^Dear", false),
            "Be kind.",
            "first");
        await CreatePrompt(registry, "reply", draft);

        var loaded = (await registry.GetAsync("reply")).Value;
        var v1 = Assert.Single(loaded.Versions);
        Assert.Equal(1, v1.Number);
        Assert.Equal(1 + 1, loaded.Revision);
        Assert.Equal(ContentHash.Compute(draft), v1.ContentHash);
        Assert.Equal((draft.Model.Model, draft.Model.Temperature, draft.Model.MaxTokens), (v1.Model.Model, v1.Model.Temperature, v1.Model.MaxTokens));
        Assert.Equal(["sim-smart", "sim-fast"], v1.Model.ModelChain);
        Assert.Equal(draft.Checks, v1.Checks);
        Assert.Equal("Be kind.", v1.SystemText);
        Assert.Equal(2, v1.Variables.Count);
        Assert.Equal(["friendly", "formal"], v1.Variables[1].AllowedValues);
        Assert.Equal(CachePolicy.Exact, v1.Variables[1].Cache);
        Assert.Equal(VariableType.Enum, v1.Variables[1].Type);
        Assert.Equal(host.ManualClock.GetUtcNow(), v1.CreatedAt);

        // What was stored hashes to what was stored: the JSON columns round-trip the content exactly.
        Assert.Equal(v1.ContentHash, ContentHash.Compute(v1.ToDraft()));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Add_version_numbers_increase_hash_content_and_return_warnings(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        await CreatePrompt(registry, "greet");

        var first = await registry.AddVersionAsync("greet", Draft("Hello {{name}}"), null, Actor);
        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.Equal(1, first.Value.Version.Number);
        Assert.Empty(first.Value.Warnings);
        Assert.Equal(2, first.Value.Revision);

        var unusedVariable = Draft("Hi {{name}}", variables: [new VariableDeclaration("name"), new VariableDeclaration("unused", Required: false)]);
        var second = await registry.AddVersionAsync("greet", unusedVariable, first.Value.Revision, Actor);
        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.Equal(2, second.Value.Version.Number);
        Assert.Equal(ContentHash.Compute(unusedVariable), second.Value.Version.ContentHash);
        Assert.NotEqual(first.Value.Version.ContentHash, second.Value.Version.ContentHash);
        var warning = Assert.Single(second.Value.Warnings);
        Assert.Contains("unused", warning.Message);

        var unchanged = await registry.AddVersionAsync("greet", unusedVariable, null, Actor);
        Assert.Equal(ErrorKind.Conflict, unchanged.Error?.Kind);
        Assert.Equal("version-unchanged", unchanged.Error?.Code);

        var third = await registry.AddVersionAsync("greet", Draft("Good morning {{name}}"), null, Actor);
        Assert.Equal(3, third.Value.Version.Number);

        var stored = (await registry.GetAsync("greet")).Value;
        Assert.Equal([1, 2, 3], stored.Versions.Select(v => v.Number));
        Assert.Equal(4, stored.Revision);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Add_version_rejects_stale_revision_unknown_prompt_and_templates_that_do_not_compile(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        await CreatePrompt(registry, "greet", Draft());

        var stale = await registry.AddVersionAsync("greet", Draft("Bye {{name}}"), expectedRevision: 1, Actor);
        Assert.Equal(ErrorKind.Conflict, stale.Error?.Kind);
        Assert.Equal("revision-conflict", stale.Error?.Code);

        var missing = await registry.AddVersionAsync("nope", Draft("Bye {{name}}"), null, Actor);
        Assert.Equal(ErrorKind.NotFound, missing.Error?.Kind);
        Assert.Equal("prompt-not-found", missing.Error?.Code);

        var renderer = (FakeTemplateRenderer)host.Get<ITemplateRenderer>();
        renderer.CompileErrors = [new FieldError("template", "helper 'shout' is unknown", 1, 4)];
        var notCompiling = await registry.AddVersionAsync("greet", Draft("Bye {{name}}"), null, Actor);
        Assert.Equal(ErrorKind.Validation, notCompiling.Error?.Kind);
        Assert.Equal("helper 'shout' is unknown", Assert.Single(notCompiling.Error!.FieldErrors).Message);

        var stored = (await registry.GetAsync("greet")).Value;
        Assert.Single(stored.Versions);
        Assert.Equal(2, stored.Revision);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Deploy_rollback_and_deprecate_move_labels_and_keep_history(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        var clock = host.ManualClock;
        await CreatePrompt(registry, "greet", Draft("v1 {{name}}"));
        await registry.AddVersionAsync("greet", Draft("v2 {{name}}"), null, Actor);
        await registry.AddVersionAsync("greet", Draft("v3 {{name}}"), null, Actor);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await registry.DeployAsync("greet", "production", 1, "first release", null, Actor)).IsSuccess);
        var onlyOneDeploy = await registry.RollbackAsync("greet", "production", null, null, Actor);
        Assert.Equal(ErrorKind.Conflict, onlyOneDeploy.Error?.Kind);
        Assert.Equal("nothing-to-roll-back", onlyOneDeploy.Error?.Code);

        clock.Advance(TimeSpan.FromMinutes(1));
        var deployed = await registry.DeployAsync("greet", "production", 2, "better", null, Actor);
        Assert.Equal(2, deployed.Value.VersionNumber);

        clock.Advance(TimeSpan.FromMinutes(1));
        var rolledBack = await registry.RollbackAsync("greet", "production", "v2 misbehaves", null, Actor);
        Assert.True(rolledBack.IsSuccess, rolledBack.Error?.Message);
        Assert.Equal(1, rolledBack.Value.VersionNumber);

        var nothingLeft = await registry.RollbackAsync("greet", "production", null, null, Actor);
        Assert.Equal("nothing-to-roll-back", nothingLeft.Error?.Code);
        Assert.Equal("label-not-found", (await registry.RollbackAsync("greet", "staging", null, null, Actor)).Error?.Code);

        var stored = (await registry.GetAsync("greet")).Value;
        var production = Assert.Single(stored.Labels);
        Assert.Equal(1, production.VersionNumber);
        Assert.Equal(
            [(LabelMoveKind.Deploy, (int?)null, 1), (LabelMoveKind.Deploy, 1, 2), (LabelMoveKind.Rollback, 2, 1)],
            production.History.Select(m => (m.Kind, m.FromVersion, m.ToVersion)));
        Assert.Equal("v2 misbehaves", production.History[^1].Reason);
        Assert.Equal(clock.GetUtcNow(), production.UpdatedAt);

        var inUse = await registry.DeprecateAsync("greet", 1, null, null, Actor);
        Assert.Equal("version-in-use", inUse.Error?.Code);
        var deprecated = await registry.DeprecateAsync("greet", 3, "never shipped", stored.Revision, Actor);
        Assert.True(deprecated.IsSuccess, deprecated.Error?.Message);
        Assert.Equal("version-deprecated", (await registry.DeployAsync("greet", "staging", 3, null, null, Actor)).Error?.Code);
        Assert.Equal("version-not-found", (await registry.DeployAsync("greet", "staging", 9, null, null, Actor)).Error?.Code);
        Assert.True((await registry.GetAsync("greet")).Value.FindVersion(3)!.IsDeprecated);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Every_change_writes_one_audit_event_in_the_same_save(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        var clock = host.ManualClock;
        await CreatePrompt(registry, "greet");
        await CreatePrompt(registry, "other");
        foreach (var change in new Func<Task>[]
                 {
                     () => registry.AddVersionAsync("greet", Draft("v1 {{name}}"), null, "bob"),
                     () => registry.AddVersionAsync("greet", Draft("v2 {{name}}"), null, "bob"),
                     () => registry.DeployAsync("greet", "production", 1, null, null, "bob"),
                     () => registry.DeployAsync("greet", "production", 2, "ship it", null, "carol"),
                     () => registry.RollbackAsync("greet", "production", "bad", null, "carol"),
                     () => registry.DeprecateAsync("greet", 2, null, null, "dave"),
                     () => registry.UpdateAsync("greet", new UpdatePromptCommand("Greeter", "Says hi", ["a"], true, 14, null), "erin"),
                 })
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await change();
        }

        // Rejected changes and no-op deploys write nothing.
        await registry.AddVersionAsync("greet", Draft("v2 {{name}}"), null, "mallory");
        await registry.DeployAsync("greet", "production", 1, null, null, "mallory");

        var audit = await registry.GetAuditAsync(new AuditQuery("greet"));
        Assert.Equal(
            [
                AuditActions.PromptUpdated, AuditActions.VersionDeprecated, AuditActions.LabelRolledBack, AuditActions.LabelDeployed,
                AuditActions.LabelDeployed, AuditActions.VersionCreated, AuditActions.VersionCreated, AuditActions.PromptCreated,
            ],
            audit.Select(a => a.Action));
        Assert.Equal(["erin", "dave", "carol", "carol", "bob", "bob", "bob", Actor], audit.Select(a => a.Actor));
        Assert.Equal("ship it", audit[3].Reason);
        Assert.Equal("label:production", audit[2].Target);
        Assert.True(audit.Zip(audit.Skip(1)).All(pair => pair.First.At >= pair.Second.At));

        var page = await registry.GetAuditAsync(new AuditQuery("greet", Skip: 2, Take: 3));
        Assert.Equal(audit.Skip(2).Take(3).Select(a => a.Id), page.Select(a => a.Id));
        Assert.Equal(audit.Count + 1, (await registry.GetAuditAsync(new AuditQuery())).Count);

        var updated = (await registry.GetAsync("greet")).Value;
        Assert.Equal("Greeter", updated.Name);
        Assert.True(updated.CaptureEnabled);
        Assert.Equal(14, updated.CaptureRetentionDays);
        Assert.Equal(["a"], updated.Tags);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Two_concurrent_new_versions_one_wins_the_other_gets_a_conflict(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        await CreatePrompt(host.Get<IPromptRegistry>(), "greet", Draft("v1 {{name}}"));

        // Two registries on separate contexts; both have loaded revision 2 before either saves.
        var rendezvous = new SaveRendezvous(2);
        var registries = Enumerable.Range(0, 2)
            .Select(_ => new PromptRegistry(new InterceptedDbContextFactory(host.Database, rendezvous), host.Get<IPromptSnapshotStore>(), new FakeTemplateRenderer(), host.Clock))
            .ToArray();
        var results = await Task.WhenAll(
            registries[0].AddVersionAsync("greet", Draft("from A {{name}}"), 2, "a"),
            registries[1].AddVersionAsync("greet", Draft("from B {{name}}"), 2, "b"));

        var winner = Assert.Single(results, r => r.IsSuccess);
        var loser = Assert.Single(results, r => !r.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, loser.Error!.Kind);
        Assert.Equal("concurrent-edit", loser.Error.Code);

        var stored = (await host.Get<IPromptRegistry>().GetAsync("greet")).Value;
        Assert.Equal(3, stored.Revision);
        Assert.Equal([1, 2], stored.Versions.Select(v => v.Number));
        Assert.Equal(winner.Value.Version.Template, stored.Versions[1].Template);
        var audit = await host.Get<IPromptRegistry>().GetAuditAsync(new AuditQuery("greet"));
        Assert.Equal(2, audit.Count(a => a.Action == AuditActions.VersionCreated));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Two_concurrent_deploys_of_different_labels_one_wins_the_other_gets_a_conflict(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        await CreatePrompt(registry, "greet", Draft("v1 {{name}}"));
        await registry.AddVersionAsync("greet", Draft("v2 {{name}}"), null, Actor);

        var rendezvous = new SaveRendezvous(2);
        var registries = Enumerable.Range(0, 2)
            .Select(_ => new PromptRegistry(new InterceptedDbContextFactory(host.Database, rendezvous), host.Get<IPromptSnapshotStore>(), new FakeTemplateRenderer(), host.Clock))
            .ToArray();
        var results = await Task.WhenAll(
            registries[0].DeployAsync("greet", "production", 1, null, null, "a"),
            registries[1].DeployAsync("greet", "staging", 2, null, null, "b"));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal("concurrent-edit", Assert.Single(results, r => !r.IsSuccess).Error!.Code);
        var stored = (await registry.GetAsync("greet")).Value;
        Assert.Single(stored.Labels);
        Assert.Equal(4, stored.Revision);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Snapshot_store_serves_cached_snapshot_until_a_change_invalidates_it(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var registry = host.Get<IPromptRegistry>();
        var snapshots = host.Get<IPromptSnapshotStore>();
        await CreatePrompt(registry, "greet", Draft("v1 {{name}}"));
        await registry.DeployAsync("greet", "production", 1, null, null, Actor);
        host.ManualClock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await snapshots.GetAsync("missing"));
        var first = await snapshots.GetAsync("greet");
        Assert.NotNull(first);
        Assert.Equal(1, first.Labels["production"]);
        Assert.Same(first, await snapshots.GetAsync("greet"));

        await registry.AddVersionAsync("greet", Draft("v2 {{name}}"), null, Actor);
        await registry.DeployAsync("greet", "production", 2, null, null, Actor);
        var second = await snapshots.GetAsync("greet");
        Assert.NotSame(first, second);
        Assert.Equal(2, second!.Labels["production"]);
        Assert.Equal("v2 {{name}}", second.Versions[2].Template);

        // A change made behind the store's back (another instance) is not seen until invalidated.
        await using (var db = host.CreateDbContext())
        {
            var prompt = await db.PromptAggregates.SingleAsync(p => p.Key == "greet");
            host.ManualClock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(prompt.Rollback("production", Actor, null, host.Clock.GetUtcNow()).IsSuccess);
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, (await snapshots.GetAsync("greet"))!.Labels["production"]);
        snapshots.Invalidate("greet");
        Assert.Equal(1, (await snapshots.GetAsync("greet"))!.Labels["production"]);
    }
}
