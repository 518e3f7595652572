using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Privacy;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Persistence;

public sealed class SubjectPseudonymTests
{
    private static ExecutionRecord NewRecord(TimeProvider clock, string subject)
    {
        var record = new ExecutionRecord(Guid.CreateVersion7(), clock.GetUtcNow(), "greet", 1, "label", "production", null, subject);
        record.Complete(ExecutionOutcome.Success, "sim-fast", true, null, 5, 1, 1, 1, 0m, "in", "out", null);
        return record;
    }

    private static async Task<string?> StoredPseudonymAsync(PersistenceTestHost host, string subject)
    {
        var record = NewRecord(host.Clock, subject);
        var recorder = host.Get<IExecutionRecorder>();
        await recorder.RecordAsync(record);
        await recorder.FlushAsync();
        await using var db = host.CreateDbContext();
        return (await db.Executions.AsNoTracking().SingleAsync(e => e.Id == record.Id)).SubjectHash;
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Subjects_are_stored_as_keyed_pseudonyms_shared_by_every_instance_of_the_installation(TestDatabaseProvider provider)
    {
        await using var first = await PersistenceTestHost.CreateAsync(provider);
        await using var second = await PersistenceTestHost.CreateAsync(first.Database, ownsDatabase: false);
        await first.StartAsync();
        await second.StartAsync();

        var fromFirst = await StoredPseudonymAsync(first, "user-42");
        var fromSecond = await StoredPseudonymAsync(second, "user-42");
        var other = await StoredPseudonymAsync(first, "user-43");

        Assert.NotNull(fromFirst);
        Assert.Equal(SubjectPseudonymizer.PseudonymLength, fromFirst.Length);
        Assert.Equal(fromFirst, fromSecond);
        Assert.NotEqual(fromFirst, other);

        // Not the plain hash an attacker could compute from a list of likely ids.
        Assert.DoesNotContain(fromFirst, ContentHash.Hex("user-42"), StringComparison.Ordinal);
        Assert.DoesNotContain(ContentHash.Hex("user-42")[..16], fromFirst, StringComparison.Ordinal);

        await using var db = first.CreateDbContext();
        Assert.Equal(1, await db.InstallationSecrets.CountAsync());
    }

    [Fact]
    public async Task A_configured_key_is_used_instead_of_the_stored_one()
    {
        var key = new byte[32];
        Array.Fill(key, (byte)7);
        await using var host = await PersistenceTestHost.CreateAsync(
            TestDatabaseProvider.Sqlite,
            settings => settings["PromptConsole:Privacy:SubjectKey"] = Convert.ToBase64String(key));
        await host.StartAsync();

        Assert.Equal(SubjectPseudonymizer.Pseudonym(key, "tenant-9"), await StoredPseudonymAsync(host, "tenant-9"));
        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.InstallationSecrets.CountAsync());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("not base64!", false)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", true)]
    public void A_configured_key_must_be_base64_of_at_least_32_bytes(string? key, bool valid)
    {
        var result = new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { SubjectKey = key });
        Assert.Equal(valid, result.Succeeded);
    }
}
