using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public sealed class ExecutionListViewModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(ExecutionListViewModel Model, FakeExecutionExplorer Explorer, ManualTimeProvider Clock)> CreateAsync()
    {
        var explorer = new FakeExecutionExplorer();
        var clock = new ManualTimeProvider();
        var model = new ExecutionListViewModel(explorer, await PromptFixtures.RegistryWithGreetingAsync(), new FakeModelCatalog(), clock);
        return (model, explorer, clock);
    }

    [Fact]
    public async Task The_url_query_sets_the_controls_and_the_controls_give_back_the_same_address()
    {
        var (model, _, _) = await CreateAsync();

        model.ApplyQuery(new ExecutionFilterText(Prompt: "greeting", Version: "2", Outcome: "provider_failed", Cache: "exact", Model: "sim-small",
            Origin: "demo_traffic", From: "2026-01-15T08:00:00Z", To: "2026-01-15T09:00:00Z", TraceId: "0AF7651916CD43DD8448EB211C80319C"));

        Assert.Null(model.Error);
        Assert.Equal(("greeting", 2, ExecutionOutcome.ProviderFailed, CacheLevel.Exact, "sim-small", ExecutionOrigin.DemoTraffic),
            (model.Prompt, model.Version, model.Outcome, model.Cache, model.Model, model.Origin));
        Assert.Equal(new DateTime(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc), model.From);
        Assert.Equal(
            "executions?prompt=greeting&version=2&outcome=provider_failed&cache=exact&model=sim-small&origin=demo_traffic" +
            "&from=2026-01-15T08%3A00%3A00Z&to=2026-01-15T09%3A00%3A00Z&traceId=0af7651916cd43dd8448eb211c80319c",
            model.Href());
        Assert.True(model.IsFiltered);
    }

    [Fact]
    public async Task Changing_a_control_changes_the_address_and_clearing_gives_the_bare_page()
    {
        var (model, _, _) = await CreateAsync();
        model.ApplyQuery(new ExecutionFilterText());
        Assert.Equal("executions", model.Href());
        Assert.False(model.IsFiltered);

        model.Prompt = " greeting ";
        model.Outcome = ExecutionOutcome.OutputRejected;
        Assert.Equal("executions?prompt=greeting&outcome=output_rejected", model.Href());

        model.Clear();
        Assert.Equal("executions", model.Href());
        Assert.Null(model.Prompt);
    }

    [Fact]
    public async Task A_time_picked_in_the_control_is_read_as_utc()
    {
        var (model, _, _) = await CreateAsync();

        model.From = new DateTime(2026, 1, 15, 7, 30, 0, DateTimeKind.Unspecified);

        Assert.Equal("2026-01-15T07:30:00Z", model.FilterText().From);
    }

    [Fact]
    public async Task A_time_preset_starts_the_range_that_long_before_now_and_leaves_it_open()
    {
        var (model, _, clock) = await CreateAsync();
        model.To = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        clock.Advance(TimeSpan.FromMinutes(10));

        model.UsePreset(ExecutionListViewModel.TimePresets.Single(p => p.Span == TimeSpan.FromHours(1)));

        Assert.Equal(new DateTime(2026, 1, 15, 8, 10, 0, DateTimeKind.Utc), model.From);
        Assert.Null(model.To);
    }

    [Fact]
    public async Task A_bad_query_is_reported_by_field_and_lists_nothing()
    {
        var (model, explorer, _) = await CreateAsync();
        explorer.Summaries.Add(FakeExecutionExplorer.Summary("greeting", T0));

        model.ApplyQuery(new ExecutionFilterText(Outcome: "exploded", Version: "zero"));
        await model.LoadAsync(0, 25);

        Assert.NotNull(model.Error);
        Assert.Equal(ErrorKind.Validation, model.Error.Kind);
        Assert.Equal(["version", "outcome"], model.Error.Fields.Select(f => f.Field));
        Assert.Empty(model.Items);
        Assert.Equal(0, model.Total);
        Assert.Empty(explorer.Queries);
        Assert.Null(model.Outcome);
    }

    [Fact]
    public async Task A_refused_filter_keeps_what_was_typed_and_the_valid_fields()
    {
        var (model, explorer, _) = await CreateAsync();

        model.ApplyQuery(new ExecutionFilterText(Prompt: "not a key!", Cache: "exact", Outcome: "exploded", Model: "sim-fast"));
        await model.LoadAsync(0, 25);

        Assert.Equal(["prompt", "outcome"], model.Error!.Fields.Select(f => f.Field));
        Assert.Empty(explorer.Queries);
        Assert.Equal("not a key!", model.Prompt);
        Assert.Equal("sim-fast", model.Model);
        Assert.Equal(CacheLevel.Exact, model.Cache);
        Assert.Null(model.Outcome);

        // Correcting the typed key is all it takes.
        model.Prompt = "greeting";
        Assert.Contains("prompt=greeting", model.Href(), StringComparison.Ordinal);
        Assert.Contains("cache=exact", model.Href(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loads_the_page_the_grid_asks_for_with_the_controls_filter()
    {
        var (model, explorer, _) = await CreateAsync();
        for (var i = 0; i < 30; i++)
            explorer.Summaries.Add(FakeExecutionExplorer.Summary(i % 3 == 0 ? "other" : "greeting", T0.AddSeconds(i)));
        model.ApplyQuery(new ExecutionFilterText(Prompt: "greeting"));

        await model.LoadAsync(10, 5);

        var query = Assert.Single(explorer.Queries);
        Assert.Equal(new ExecutionQuery(new ExecutionFilter(PromptKey: "greeting"), 10, 5), query);
        Assert.Equal(20, model.Total);
        Assert.Equal(5, model.Items.Count);
        Assert.All(model.Items, i => Assert.Equal("greeting", i.PromptKey));
        Assert.False(model.Loading);
    }

    [Fact]
    public async Task A_grid_request_beyond_the_cap_is_clamped()
    {
        var (model, explorer, _) = await CreateAsync();
        model.ApplyQuery(new ExecutionFilterText());

        await model.LoadAsync(-3, 10_000);

        Assert.Equal((0, ExecutionQuery.MaxTake), (explorer.Queries[0].Skip, explorer.Queries[0].Take));
    }

    [Fact]
    public async Task A_slow_earlier_page_does_not_overwrite_a_later_one()
    {
        var (model, explorer, _) = await CreateAsync();
        explorer.Summaries.Add(FakeExecutionExplorer.Summary("greeting", T0));
        explorer.Summaries.Add(FakeExecutionExplorer.Summary("other", T0.AddSeconds(1)));
        var firstGate = new TaskCompletionSource();
        explorer.Gate = q => q.Filter.PromptKey is null ? firstGate.Task : Task.CompletedTask;

        model.ApplyQuery(new ExecutionFilterText());
        var first = model.LoadAsync(0, 25);
        model.ApplyQuery(new ExecutionFilterText(Prompt: "greeting"));
        await model.LoadAsync(0, 25);
        firstGate.SetResult();
        await first;

        Assert.Equal(["greeting"], model.Items.Select(i => i.PromptKey));
        Assert.Equal(1, model.Total);
        Assert.False(model.Loading);
    }

    [Fact]
    public async Task Suggestions_are_the_registrys_prompts_and_the_catalogs_models()
    {
        var (model, _, _) = await CreateAsync();

        await model.LoadChoicesAsync();

        Assert.Equal(["greeting"], model.PromptKeys);
        Assert.Equal(["sim-large", "sim-small"], model.Models);
    }

    [Theory]
    [InlineData("provider_failed", ExecutionOutcome.ProviderFailed)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("unknown", null)]
    public void A_drop_down_value_is_its_wire_name(string? value, ExecutionOutcome? expected) =>
        Assert.Equal(expected, ExecutionListViewModel.Choose(ExecutionListViewModel.Outcomes, value, ExecutionFilterParser.NameOf));

    [Fact]
    public void Links_for_other_pages_carry_the_prompt_and_escape_it()
    {
        Assert.Equal("executions?prompt=greeting", ExecutionLinks.ForPrompt("greeting"));
        Assert.Equal("executions?prompt=greeting&version=3", ExecutionLinks.ForPrompt("greeting", 3));
        Assert.Equal("executions?model=a%20b%26c", ExecutionLinks.List(new ExecutionFilterText(Model: "a b&c")));
        Assert.Equal("executions/00000000-0000-0000-0000-000000000001", ExecutionLinks.Detail(Guid.Parse("00000000-0000-0000-0000-000000000001")));
    }

    [Theory]
    [InlineData(ExecutionOrigin.DemoTraffic, "generated")]
    [InlineData(ExecutionOrigin.Api, "API")]
    [InlineData(ExecutionOrigin.OpenAiCompatible, "OpenAI")]
    [InlineData(ExecutionOrigin.Console, "Console")]
    public void Origins_are_named_for_people(ExecutionOrigin origin, string text) =>
        Assert.Equal(text, ExecutionListViewModel.OriginText(origin));

    [Fact]
    public void Rows_format_times_routes_and_tokens()
    {
        Assert.Equal("2026-01-15 09:00:00", ExecutionListViewModel.Time(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal("experiment exp-1 (b)", ExecutionListViewModel.RouteText("experiment", "exp-1", "b"));
        Assert.Equal("label production", ExecutionListViewModel.RouteText("label", "production", null));
        Assert.Equal("1,200 → 35", ExecutionListViewModel.Tokens(1200, 35));
    }
}
