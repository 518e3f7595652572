using PromptConsole.Domain.Experiments;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class ExperimentListViewModelTests
{
    [Fact]
    public async Task Rows_show_arms_with_their_share_of_the_weight_and_the_decision()
    {
        var service = new FakeExperimentService();
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Stopped, decision: ExperimentDecision.Ship("warm"), reason: "clear lift") with
        {
            Experiment = new Experiment(
                ExperimentFixtures.Definition("greeting-tone", "greeting", new ExperimentArm("control", 1, 1), new ExperimentArm("warm", 2, 3)),
                ExperimentStatus.Stopped, ExperimentFixtures.Created, ExperimentFixtures.Created.AddDays(1), ExperimentDecision.Ship("warm")),
        });
        var model = new ExperimentListViewModel(service);

        await model.LoadAsync(null);

        var row = Assert.Single(model.Items);
        Assert.Equal([new ArmShareRow("control", 1, "25%"), new ArmShareRow("warm", 2, "75%")], row.Arms);
        Assert.Equal(("Success rate", "ship warm", "clear lift"), (row.PrimaryMetric, row.Decision, row.DecisionReason));
        Assert.Equal(ExperimentFixtures.Created.AddDays(1), row.StoppedAt);
    }

    [Fact]
    public async Task A_prompt_filter_lists_only_that_prompts_experiments_and_live_ones_are_running_or_paused()
    {
        var service = new FakeExperimentService();
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "greeting-tone", "greeting"));
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Paused, "greeting-length", "greeting"));
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Stopped, "greeting-old", "greeting"));
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Draft, "greeting-next", "greeting"));
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "summary-tone", "summary"));
        var model = new ExperimentListViewModel(service);

        await model.LoadAsync(" greeting ");

        Assert.Equal("greeting", model.PromptKey);
        Assert.Equal(4, model.Items.Count);
        Assert.Equal(["greeting-length", "greeting-tone"], model.Live.Select(r => r.Key).Order());
    }
}
