using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Tests.Services;

/// <summary>The flag registry on each database: what is stored comes back whole, and kill switches reach the prompt's snapshot.</summary>
public sealed class FlagRegistryTests
{
    private const string Actor = "alice";

    private static (FlagRegistry Registry, FlagDefinitionCache Cache) Create(PersistenceTestHost host)
    {
        var dbFactory = host.Get<IDbContextFactory<PromptConsoleDbContext>>();
        var cache = new FlagDefinitionCache(new DatabaseFeatureFlagSource(dbFactory), Options.Create(new FlagOptions { CacheSeconds = 300 }), host.Clock);
        return (new FlagRegistry(dbFactory, cache, host.Get<IPromptSnapshotStore>(), host.Clock), cache);
    }

    private static readonly FlagDraft Everything = new(
        "pricing-page",
        "New pricing page",
        FlagValidator.StandardKind,
        Enabled: true,
        [new("old", "false"), new("new", "{\"layout\":\"grid\",\"columns\":[1,2,3]}")],
        "old",
        [
            new("plan", "in", ["pro", "team"]),
            new("email", "regex", ["@example\\.com$"]),
            new("seats", "gte", ["10"]),
            new("account", "percentage", ["0.5"]),
        ],
        [new("new", 0, 12.5), new("old", 12.5, 40)],
        "account");

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_stored_flag_comes_back_whole(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var (registry, _) = Create(host);

        var created = await registry.CreateAsync(Everything, Actor);
        Assert.True(created.IsSuccess, created.Error?.Message);
        var expected = FlagValidator.Validate(Everything, null).Value;

        var read = (await registry.GetAsync("pricing-page")).Value;
        Assert.Equal(Json(expected), Json(read.Flag));
        Assert.Equal(1, read.Revision);
        Assert.Equal(host.Clock.GetUtcNow(), read.CreatedAt);

        var listed = Assert.Single(await registry.ListAsync());
        Assert.Equal(Json(expected), Json(listed.Flag));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_duplicate_key_is_a_conflict_and_a_change_bumps_the_revision(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var (registry, cache) = Create(host);
        await registry.CreateAsync(Everything, Actor);
        Assert.Equal("flag-exists", (await registry.CreateAsync(Everything, Actor)).Error?.Code);

        Assert.True((await cache.FindAsync("pricing-page"))!.Flag.Enabled);
        host.ManualClock.Advance(TimeSpan.FromMinutes(1));
        var switched = await registry.SetEnabledAsync("pricing-page", false, "incident 12", 1, Actor);
        Assert.Equal(2, switched.Value.Revision);

        // The change dropped this instance's cached definitions, however long their lifetime.
        Assert.False((await cache.FindAsync("pricing-page"))!.Flag.Enabled);
        Assert.Equal("revision-conflict", (await registry.SetEnabledAsync("pricing-page", true, null, 1, Actor)).Error?.Code);

        var audit = await registry.GetAuditAsync("pricing-page");
        Assert.Equal(["flag.disabled", "flag.created"], audit.Select(a => a.Action).ToArray());
        Assert.Equal("incident 12", audit[0].Reason);
        Assert.Null(audit[0].PromptKey);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task An_engaged_kill_switch_is_in_the_prompts_snapshot_at_once(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider);
        var (registry, _) = Create(host);
        var prompts = host.Get<IPromptRegistry>();
        var snapshots = host.Get<IPromptSnapshotStore>();
        var draft = new VersionDraft("Hello {{name}}", new ModelSettings("sim-fast"), [new VariableDeclaration("name")]);
        Assert.True((await prompts.CreateAsync(new CreatePromptCommand("greet", "Greet", null, null, draft), Actor)).IsSuccess);
        await prompts.AddVersionAsync("greet", draft with { Template = "Hi {{name}}" }, null, Actor);

        var killSwitch = new FlagDraft("greet-kill", Kind: FlagValidator.PromptKillSwitchKind, KillSwitch: new KillSwitchTargetDraft("greet", 1));
        Assert.True((await registry.CreateAsync(killSwitch, Actor)).IsSuccess);
        Assert.Null((await snapshots.GetAsync("greet"))!.KillSwitch);

        await registry.SetEnabledAsync("greet-kill", true, "bad v2", null, Actor);
        Assert.Equal(new PromptKillSwitch("greet-kill", 1), (await snapshots.GetAsync("greet"))!.KillSwitch);

        // Moving the kill switch to another safe version reaches the snapshot too.
        await registry.UpdateAsync("greet-kill", killSwitch with { Enabled = true, KillSwitch = new KillSwitchTargetDraft("greet", 2) }, null, Actor);
        Assert.Equal(new PromptKillSwitch("greet-kill", 2), (await snapshots.GetAsync("greet"))!.KillSwitch);

        await registry.SetEnabledAsync("greet-kill", false, null, null, Actor);
        Assert.Null((await snapshots.GetAsync("greet"))!.KillSwitch);

        var promptAudit = await prompts.GetAuditAsync(new AuditQuery("greet"));
        Assert.Contains(promptAudit, a => a.Action == "flag.enabled" && a.Target == "flag:greet-kill" && a.Reason == "bad v2");
    }
}
