using PromptConsole.Domain.Flags;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model.Flags;

namespace PromptConsole.Tests.Components;

public class FlagEditorViewModelTests
{
    private static FlagEditorViewModel Editor(InMemoryPromptRegistry prompts, InMemoryFlagRegistry flags, FakeFlagEvaluationService? evaluation = null) =>
        new(flags, evaluation ?? new FakeFlagEvaluationService(flags), prompts, new FixedUser("oncall"));

    [Fact]
    public async Task A_new_standard_flag_is_created_from_the_form_as_the_api_body()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);
        await editor.LoadNewAsync();
        Assert.Equal(["off", "on"], editor.VariantNames);

        editor.Key = " dark-mode ";
        editor.Description = "Dark theme";
        editor.Enabled = true;
        editor.Variants[1].Value = "{\"theme\": \"dark\"}";
        editor.AddCondition();
        editor.Targeting[0].Attribute = "plan";
        editor.Targeting[0].Operator = "in";
        editor.Targeting[0].Value = "pro, team";
        editor.AddSlice();
        editor.Rollout[0].Variant = "on";
        editor.Rollout[0].To = 30;

        Assert.Equal("dark-mode", await editor.SaveAsync());

        var sent = flags.Created.Last();
        Assert.Equal(("dark-mode", "Dark theme", "standard", true, "off", "subject"), (sent.Key, sent.Description, sent.Kind, sent.Enabled, sent.DefaultVariant, sent.SubjectAttribute));
        Assert.Equal([new FlagVariantDraft("off", "false"), new FlagVariantDraft("on", "{\"theme\": \"dark\"}")], sent.Variants);
        var condition = Assert.Single(sent.Targeting!)!;
        Assert.Equal(("plan", "in"), (condition.Attribute, condition.Operator));
        Assert.Equal(["pro", "team"], condition.Value!);
        Assert.Equal([new FlagPercentileDraft("on", 0, 30)], sent.Rollout);
        Assert.Null(sent.KillSwitch);

        Assert.False(editor.IsNew);
        Assert.Equal(1, editor.Revision);
        Assert.Equal("Created dark-mode.", editor.Status);
        Assert.Equal("flag.created", Assert.Single(editor.Audit).Action);
    }

    [Fact]
    public async Task A_kill_switch_offers_the_prompts_and_their_versions_and_sends_only_its_target_and_stays_off()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);
        await editor.LoadNewAsync();

        editor.Kind = FlagEditorViewModel.KillSwitchKind;
        editor.Key = "greeting-hold";
        editor.Enabled = true;
        Assert.Equal(["greeting"], editor.PromptChoices);
        await editor.SelectPromptAsync("greeting");
        Assert.Equal([new VersionChoice(2, "v2 · production"), new VersionChoice(1, "v1")], editor.VersionChoices);
        editor.KillSwitchVersion = 1;

        Assert.Equal("greeting-hold", await editor.SaveAsync());

        var sent = flags.Created.Last();
        Assert.Equal(new FlagDraft("greeting-hold", null, "promptKillSwitch", Enabled: false, KillSwitch: new KillSwitchTargetDraft("greeting", 1), SubjectAttribute: "subject"), sent);
        Assert.Equal(new KillSwitchTarget("greeting", 1), flags.Find("greeting-hold")!.Flag.KillSwitch);
        Assert.False(flags.Find("greeting-hold")!.Flag.Enabled);
    }

    [Fact]
    public async Task Saving_a_loaded_flag_updates_it_at_the_loaded_revision()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);
        await editor.LoadAsync("new-checkout");
        Assert.Equal(("tenant", "equals", "acme"), (editor.Targeting[0].Attribute, editor.Targeting[0].Operator, editor.Targeting[0].Value));
        Assert.Equal((0d, 25d), (editor.Rollout[0].From!.Value, editor.Rollout[0].To!.Value));

        editor.Description = "Checkout v2 for acme";
        editor.Rollout[0].To = 50;
        Assert.Equal("new-checkout", await editor.SaveAsync());

        var (key, draft, revision) = flags.Updated.Single();
        Assert.Equal(("new-checkout", "Checkout v2 for acme", (int?)1), (key, draft.Description, revision));
        Assert.Equal([new FlagPercentileDraft("on", 0, 50)], draft.Rollout);
        Assert.Equal(2, editor.Revision);
        Assert.Equal("Saved new-checkout (revision 2).", editor.Status);
    }

    [Fact]
    public async Task Registry_messages_land_at_the_fields_they_name_and_the_rest_in_the_panel()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);
        await editor.LoadNewAsync();

        editor.Key = "Not A Key";
        editor.Variants[1].Value = "{broken";
        editor.AddSlice();
        editor.Rollout[0].To = 60;
        editor.AddSlice();
        editor.Rollout[1].Variant = "on";
        editor.Rollout[1].From = 50;

        Assert.Null(await editor.SaveAsync());

        var error = editor.Error!;
        Assert.Equal("The flag is not valid.", error.Message);
        Assert.StartsWith("'Not A Key' is not a valid key", Assert.Single(error.For("key")), StringComparison.Ordinal);
        Assert.StartsWith("The value is not JSON", Assert.Single(error.For("variants[1].value")), StringComparison.Ordinal);
        Assert.Equal("This slice overlaps rollout[0].", Assert.Single(error.For("rollout[1].from")));
        Assert.Empty(error.NotPlaced(editor.PlacedFields));
        Assert.True(editor.IsNew);
    }

    [Fact]
    public async Task A_kill_switch_without_a_safe_version_shows_the_message_at_the_version_picker()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);
        await editor.LoadNewAsync();
        editor.Kind = FlagEditorViewModel.KillSwitchKind;
        editor.Key = "greeting-hold";
        await editor.SelectPromptAsync("greeting");

        Assert.Null(await editor.SaveAsync());

        Assert.Equal("A safe version is required.", Assert.Single(editor.Error!.For("killSwitch.safeVersion")));
        Assert.Null(flags.Find("greeting-hold"));
    }

    [Fact]
    public async Task A_loaded_kill_switch_shows_its_prompt_and_version_and_keeps_its_engaged_state_on_save()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync(killSwitchEnabled: true);
        var editor = Editor(prompts, flags);

        await editor.LoadAsync("greeting-safe");

        Assert.True(editor.IsKillSwitch);
        Assert.Equal(("greeting", (int?)1), (editor.KillSwitchPrompt, editor.KillSwitchVersion));
        Assert.Equal([2, 1], editor.VersionChoices.Select(v => v.Number));
        editor.KillSwitchVersion = 2;
        Assert.Equal("greeting-safe", await editor.SaveAsync());
        Assert.Equal(new KillSwitchTargetDraft("greeting", 2), flags.Updated.Single().Draft.KillSwitch);
        Assert.True(flags.Updated.Single().Draft.Enabled);
        Assert.Contains("It is engaged: prompt 'greeting' stops being held on v2", editor.DeleteMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_sends_the_loaded_revision_and_a_stale_page_gets_a_conflict()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var deleting = Editor(prompts, flags);
        await deleting.LoadAsync("new-checkout");
        Assert.True(await deleting.DeleteAsync());
        Assert.Equal(("new-checkout", (int?)1), flags.Deleted.Single());
        Assert.Null(flags.Find("new-checkout"));

        var stale = Editor(prompts, flags);
        await stale.LoadAsync("greeting-safe");
        await flags.SetEnabledAsync("greeting-safe", true, "incident", null, "carol");
        Assert.False(await stale.DeleteAsync());
        Assert.Equal("revision-conflict", stale.Error!.Code);
        Assert.NotNull(flags.Find("greeting-safe"));
    }

    [Fact]
    public async Task An_unknown_key_says_so()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var editor = Editor(prompts, flags);

        await editor.LoadAsync("nope");

        Assert.True(editor.Missing);
        Assert.Equal("There is no flag 'nope'.", editor.Error!.Message);
    }

    [Fact]
    public async Task Try_it_asks_the_evaluation_service_with_the_typed_request_and_shows_what_it_served()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        await flags.CreateAsync(FlagFixtures.NewCheckout(enabled: true) with { Key = "checkout-all", Rollout = [new FlagPercentileDraft("on", 0, 100)] }, "alice");
        var evaluation = new FakeFlagEvaluationService(flags);
        var editor = Editor(prompts, flags, evaluation);
        await editor.LoadAsync("checkout-all");

        editor.TrySubject = "user-7";
        editor.TryTenant = "acme";
        editor.TryAttributes = "plan = pro\n\ncountry=de";
        await editor.TryAsync();

        Assert.Equal(new TryResult("on", "true", "rollout", true), editor.TryResult);
        var (key, attributes) = evaluation.Requests.Single();
        Assert.Equal(("checkout-all", "user-7", "acme"), (key, attributes.Subject, attributes.Tenant));
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "pro", ["country"] = "de" }, attributes.Free);

        editor.TryTenant = "globex";
        await editor.TryAsync();
        Assert.Equal(new TryResult("off", "false", "targeting-miss", false), editor.TryResult);
    }

    [Fact]
    public async Task Try_it_refuses_an_attribute_line_without_a_name_and_asks_nothing()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var evaluation = new FakeFlagEvaluationService(flags);
        var editor = Editor(prompts, flags, evaluation);
        await editor.LoadAsync("new-checkout");

        editor.TryAttributes = "plan=pro\njust text";
        await editor.TryAsync();

        Assert.Equal("Line 2: write name=value with a valid attribute name.", Assert.Single(editor.TryError!.Fields).Text);
        Assert.Null(editor.TryResult);
        Assert.Empty(evaluation.Requests);
    }
}
