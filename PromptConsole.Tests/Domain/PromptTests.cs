using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class PromptTests
{
    /// <summary>rule, key, name, description, tags, then the fields expected in error (none = created).</summary>
    public static TheoryData<string, string, string, string?, string[], string[]> Creations => new()
    {
        { "simple slug key", "summarize", "Summarize", null, [], [] },
        { "key with dots, underscores, hyphens and digits", "support.triage_v2-eu", "Triage", "Routes tickets", ["ops"], [] },
        { "key starting with a digit", "2fa-help", "2FA help", null, [], [] },
        { "key at the length limit", new string('k', PromptKey.MaxLength), "Long", null, [], [] },
        { "key over the length limit", new string('k', PromptKey.MaxLength + 1), "Long", null, [], ["key"] },
        { "upper-case key", "Summarize", "Summarize", null, [], ["key"] },
        { "empty key", "", "Summarize", null, [], ["key"] },
        { "key starting with a hyphen", "-summarize", "Summarize", null, [], ["key"] },
        { "key with a space", "sum marize", "Summarize", null, [], ["key"] },
        { "key with a slash", "team/summarize", "Summarize", null, [], ["key"] },
        { "empty name", "summarize", "", null, [], ["name"] },
        { "blank name", "summarize", "   ", null, [], ["name"] },
        { "name at the length limit", "summarize", new string('n', Prompt.MaxNameLength), null, [], [] },
        { "name over the length limit", "summarize", new string('n', Prompt.MaxNameLength + 1), null, [], ["name"] },
        { "description at the length limit", "summarize", "S", new string('d', Prompt.MaxDescriptionLength), [], [] },
        { "description over the length limit", "summarize", "S", new string('d', Prompt.MaxDescriptionLength + 1), [], ["description"] },
        { "tags at the count limit", "summarize", "S", null, Tags(Prompt.MaxTags), [] },
        { "tags over the count limit", "summarize", "S", null, Tags(Prompt.MaxTags + 1), ["tags"] },
        { "repeated tags count once", "summarize", "S", null, [.. Tags(Prompt.MaxTags), "TAG-1", " tag-2 "], [] },
        { "tag at the length limit", "summarize", "S", null, [new string('t', 40)], [] },
        { "tag over the length limit", "summarize", "S", null, [new string('t', 41)], ["tags"] },
        { "every problem at once", "Bad Key", "", new string('d', Prompt.MaxDescriptionLength + 1), [new string('t', 41)], ["key", "name", "description", "tags"] },
    };

    [Theory]
    [MemberData(nameof(Creations))]
    public void Create_validates_key_name_description_and_tags(string rule, string key, string name, string? description, string[] tags, string[] errorFields)
    {
        var result = Prompt.Create(key, name, description, tags, Actor, Now);

        var found = result.IsSuccess ? [] : result.Error!.FieldErrors.Select(f => f.Field).ToArray();
        Assert.True(errorFields.SequenceEqual(found), $"{rule}: expected errors on [{string.Join(", ", errorFields)}], found [{string.Join(", ", found)}]");
        if (!result.IsSuccess)
        {
            Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
            Assert.Equal("invalid-prompt", result.Error.Code);
        }
    }

    [Fact]
    public void Create_normalizes_details_and_records_who_created_it()
    {
        var prompt = Prompt.Create("summarize", "  Summarize  ", "  Short  ", [" Ops", "ops ", "", "Billing"], Actor, Now).Value;

        Assert.Equal("Summarize", prompt.Name);
        Assert.Equal("Short", prompt.Description);
        Assert.Equal(["ops", "billing"], prompt.Tags);
        Assert.Equal(1, prompt.Revision);
        Assert.Equal(Now, prompt.CreatedAt);
        Assert.Equal(Now, prompt.UpdatedAt);
        Assert.Empty(prompt.Versions);
        Assert.Empty(prompt.Labels);
        var audit = Assert.Single(prompt.PendingAudit);
        Assert.Equal((AuditActions.PromptCreated, "prompt:summarize", "Created prompt 'Summarize'", Actor, Now), (audit.Action, audit.Target, audit.Summary, audit.Actor, audit.At));
    }

    [Fact]
    public void Versions_are_numbered_from_one_in_order()
    {
        var prompt = PromptWithVersions(3);

        Assert.Equal([1, 2, 3], prompt.Versions.Select(v => v.Number));
        Assert.Equal(3, prompt.LatestVersion!.Number);
        Assert.All(prompt.Versions, v => Assert.Equal(prompt.Id, v.PromptId));
    }

    [Theory]
    [InlineData("same content as the latest version", "A B B", "A B", "version-unchanged")]
    [InlineData("identical resubmission", "A A", "A", "version-unchanged")]
    [InlineData("only the note differs", "A A+note", "A", "version-unchanged")]
    [InlineData("same content as an older version is a new version", "A B A", "A B A", null)]
    [InlineData("different content each time", "A B C", "A B C", null)]
    public void AddVersion_refuses_content_equal_to_the_latest(string rule, string submissions, string expectedVersions, string? lastErrorCode)
    {
        var prompt = NewPrompt();
        Result<PromptVersion> last = default;

        foreach (var submission in submissions.Split(' '))
        {
            var revisionBefore = prompt.Revision;
            last = prompt.AddVersion(Content(submission), Actor, Now);
            Assert.Equal(revisionBefore + (last.IsSuccess ? 1 : 0), prompt.Revision);
        }

        Assert.True(lastErrorCode == last.Error?.Code, $"{rule}: expected {lastErrorCode ?? "success"}, got {last.Error?.Code ?? "success"}");
        if (lastErrorCode is not null)
            Assert.Equal(ErrorKind.Conflict, last.Error!.Kind);
        var contents = prompt.Versions.Select(v => v.Template[..1]);
        Assert.True(expectedVersions.Split(' ').SequenceEqual(contents), $"{rule}: versions hold [{string.Join(" ", contents)}]");
    }

    [Fact]
    public void AddVersion_rejects_an_invalid_draft_with_its_field_errors()
    {
        var prompt = NewPrompt();

        var result = prompt.AddVersion(Draft("Hello {{name}}"), Actor, Now);

        Assert.Equal((ErrorKind.Validation, "invalid-version"), (result.Error!.Kind, result.Error.Code));
        var field = Assert.Single(result.Error.FieldErrors);
        Assert.Equal(("template", 1, 9), (field.Field, field.Line, field.Column));
        Assert.Empty(prompt.Versions);
        Assert.Equal(1, prompt.Revision);
    }

    [Fact]
    public void Each_change_bumps_the_revision_and_queues_an_audit_event()
    {
        var prompt = NewPrompt();

        prompt.AddVersion(NumberedDraft(1), Actor, Now);
        prompt.Deploy(LabelName.Production, 1, Actor, "launch", Now);
        prompt.AddVersion(NumberedDraft(2), Actor, Now);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);
        prompt.Rollback(LabelName.Production, Actor, "errors up", Now);
        prompt.DeprecateVersion(2, Actor, "bad tone", Now);
        prompt.UpdateDetails("Summarize tickets", null, ["support"], true, 30, Actor, Now);

        Assert.Equal(8, prompt.Revision);
        Assert.Equal(
            [
                (AuditActions.PromptCreated, "prompt:summarize", "Created prompt 'Summarize'", null),
                (AuditActions.VersionCreated, "version:1", "Created v1", null),
                (AuditActions.LabelDeployed, "label:production", "production: (none) → v1", "launch"),
                (AuditActions.VersionCreated, "version:2", "Created v2", null),
                (AuditActions.LabelDeployed, "label:production", "production: v1 → v2", null),
                (AuditActions.LabelRolledBack, "label:production", "production: v2 → v1 (rollback)", "errors up"),
                (AuditActions.VersionDeprecated, "version:2", "Deprecated v2", "bad tone"),
                (AuditActions.PromptUpdated, "prompt:summarize", "Updated details; capture on", null),
            ],
            prompt.PendingAudit.Select(a => (a.Action, a.Target, a.Summary, a.Reason)));
        Assert.All(prompt.PendingAudit, a => Assert.Equal("summarize", a.PromptKey));

        prompt.ClearPendingAudit();
        Assert.Empty(prompt.PendingAudit);
    }

    public static TheoryData<string, Func<Prompt, Error?>, ErrorKind, string> Refusals => new()
    {
        { "deploy of an unknown version", p => p.Deploy("production", 9, Actor, null, Now).Error, ErrorKind.NotFound, "version-not-found" },
        { "deploy of a deprecated version", p => p.Deploy("production", 1, Actor, null, Now).Error, ErrorKind.Conflict, "version-deprecated" },
        { "deploy to an upper-case label", p => p.Deploy("Production", 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "deploy to an empty label", p => p.Deploy("", 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "deploy to a label starting with a digit", p => p.Deploy("1st", 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "deploy to a label with a space", p => p.Deploy("prod eu", 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "deploy to a label with a dot", p => p.Deploy("prod.eu", 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "deploy to a label over the length limit", p => p.Deploy(new string('l', LabelName.MaxLength + 1), 2, Actor, null, Now).Error, ErrorKind.Validation, "invalid-label" },
        { "rollback of an unknown label", p => p.Rollback("staging", Actor, null, Now).Error, ErrorKind.NotFound, "label-not-found" },
        { "rollback of a label with one deploy", p => p.Rollback("production", Actor, null, Now).Error, ErrorKind.Conflict, "nothing-to-roll-back" },
        { "deprecation of a served version", p => p.DeprecateVersion(2, Actor, null, Now).Error, ErrorKind.Conflict, "version-in-use" },
        { "deprecation of an unknown version", p => p.DeprecateVersion(9, Actor, null, Now).Error, ErrorKind.NotFound, "version-not-found" },
        { "same content as the latest version", p => p.AddVersion(NumberedDraft(3), Actor, Now).Error, ErrorKind.Conflict, "version-unchanged" },
        { "invalid details", p => p.UpdateDetails("", null, null, false, 7, Actor, Now).Error, ErrorKind.Validation, "invalid-prompt" },
        { "retention of zero days", p => p.UpdateDetails("S", null, null, true, 0, Actor, Now).Error, ErrorKind.Validation, "invalid-prompt" },
        { "retention over ten years", p => p.UpdateDetails("S", null, null, true, 3651, Actor, Now).Error, ErrorKind.Validation, "invalid-prompt" },
    };

    /// <summary>Starts from versions 1..3 with v1 deprecated and production on v2.</summary>
    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refused_changes_leave_the_prompt_untouched(string rule, Func<Prompt, Error?> change, ErrorKind kind, string code)
    {
        var prompt = PromptWithVersions(3);
        Assert.True(prompt.DeprecateVersion(1, Actor, null, Now).IsSuccess);
        Assert.True(prompt.Deploy(LabelName.Production, 2, Actor, null, Now).IsSuccess);
        prompt.ClearPendingAudit();
        var revision = prompt.Revision;

        var error = change(prompt);

        Assert.NotNull(error);
        Assert.True((kind, code) == (error.Kind, error.Code), $"{rule}: expected {kind} {code}, got {error.Kind} {error.Code}");
        Assert.Equal(revision, prompt.Revision);
        Assert.Empty(prompt.PendingAudit);
        Assert.Equal(2, prompt.FindLabel(LabelName.Production)!.VersionNumber);
    }

    [Theory]
    [InlineData("production")]
    [InlineData("canary")]
    [InlineData("staging_2")]
    [InlineData("eu-west")]
    [InlineData("a")]
    public void First_deploy_creates_the_label(string labelName)
    {
        var prompt = PromptWithVersions(2);

        var label = prompt.Deploy(labelName, 2, Actor, "first", Now).Value;

        Assert.Equal((labelName, 2, Now), (label.Name, label.VersionNumber, label.UpdatedAt));
        var move = Assert.Single(label.History);
        Assert.Equal((LabelMoveKind.Deploy, (int?)null, 2, Actor, "first", Now), (move.Kind, move.FromVersion, move.ToVersion, move.Actor, move.Reason, move.At));
        Assert.Same(label, prompt.FindLabel(labelName));
    }

    [Fact]
    public void Deploying_where_the_label_already_points_changes_nothing()
    {
        var prompt = PromptWithVersions(2);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);
        var revision = prompt.Revision;
        var audits = prompt.PendingAudit.Count;

        var again = prompt.Deploy(LabelName.Production, 2, Actor, "again", Now);

        Assert.True(again.IsSuccess);
        Assert.Equal(2, again.Value.VersionNumber);
        Assert.Single(again.Value.History);
        Assert.Equal(revision, prompt.Revision);
        Assert.Equal(audits, prompt.PendingAudit.Count);
    }

    [Fact]
    public void Deprecation_marks_the_version_once_and_is_allowed_after_the_label_moves_away()
    {
        var prompt = PromptWithVersions(2);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        Assert.Equal("version-in-use", prompt.DeprecateVersion(1, Actor, null, Now).Error?.Code);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);
        var later = Now.AddHours(1);

        var deprecated = prompt.DeprecateVersion(1, Actor, "superseded", later);
        var revision = prompt.Revision;
        var again = prompt.DeprecateVersion(1, Actor, "again", later.AddHours(1));

        Assert.True(deprecated.IsSuccess);
        Assert.True(deprecated.Value.IsDeprecated);
        Assert.Equal(later, deprecated.Value.DeprecatedAt);
        Assert.True(again.IsSuccess);
        Assert.Equal(later, again.Value.DeprecatedAt);
        Assert.Equal(revision, prompt.Revision);
    }

    [Fact]
    public void Version_in_use_names_every_label_serving_it()
    {
        var prompt = PromptWithVersions(1);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        prompt.Deploy("canary", 1, Actor, null, Now);

        var error = prompt.DeprecateVersion(1, Actor, null, Now).Error!;

        Assert.Contains("served by label(s) production, canary", error.Message);
    }

    private static string[] Tags(int count) => Enumerable.Range(1, count).Select(i => $"tag-{i}").ToArray();

    /// <summary>"A", "B", … name distinct contents; "+note" adds a note, which is not content.</summary>
    private static VersionDraft Content(string submission)
    {
        var letter = submission[..1];
        return Draft($"{letter}: {{{{question}}}}", new VariableDeclaration("question")) with
        {
            Note = submission.EndsWith("+note", StringComparison.Ordinal) ? "with a note" : null,
        };
    }
}
