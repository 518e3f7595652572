using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Components;

public sealed class ExperimentPageViewModelTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeExperimentService _service = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ExperimentPageViewModel _model;

    public ExperimentPageViewModelTests()
    {
        _model = new ExperimentPageViewModel(_service, new FixedUser("oncall"), _time, NullLogger<ExperimentPageViewModel>.Instance);
    }

    public ValueTask DisposeAsync() => _model.DisposeAsync();

    private void Seed(ExperimentStatus status) => _service.Add(ExperimentFixtures.Details(status), ExperimentFixtures.Results());

    [Fact]
    public async Task Load_reads_the_experiment_its_results_and_its_audit()
    {
        Seed(ExperimentStatus.Running);

        await _model.LoadAsync("greeting-tone");

        Assert.True(_model.Loaded);
        Assert.Null(_model.Error);
        Assert.Equal(ExperimentStatus.Running, _model.Status);
        Assert.Equal("ship", _model.Results!.Recommendation.Action);
        Assert.Equal(["successRate", "p95Latency"], _model.Metrics.Select(m => m.Metric));
        var latency = _model.Metrics[1].Rows;
        Assert.Equal(["control", "warm"], latency.Select(r => r.Arm));
        Assert.Equal([false, true], latency.Select(r => r.Flagged));
        Assert.NotNull(_model.Charts);
        Assert.Equal(["warm"], _model.Treatments.Select(t => t.Name));
        Assert.Equal("/api/v1/experiments/greeting-tone/report.md", _model.ReportHref("md"));
    }

    [Fact]
    public async Task An_unknown_experiment_shows_the_service_message()
    {
        await _model.LoadAsync("missing");

        Assert.True(_model.Loaded);
        Assert.Null(_model.Details);
        Assert.Equal("Experiment 'missing' does not exist.", _model.Error!.Message);
    }

    [Theory]
    [InlineData(ExperimentStatus.Draft, true, false, false, false)]
    [InlineData(ExperimentStatus.Running, false, true, false, true)]
    [InlineData(ExperimentStatus.Paused, false, false, true, true)]
    [InlineData(ExperimentStatus.Stopped, false, false, false, false)]
    public async Task Buttons_follow_the_status(ExperimentStatus status, bool start, bool pause, bool resume, bool stop)
    {
        Seed(status);

        await _model.LoadAsync("greeting-tone");

        Assert.Equal((start, pause, resume, stop), (_model.CanStart, _model.CanPause, _model.CanResume, _model.CanStop));
    }

    [Fact]
    public async Task Lifecycle_buttons_call_the_service_as_the_console_user()
    {
        Seed(ExperimentStatus.Draft);
        await _model.LoadAsync("greeting-tone");

        Assert.True(await _model.StartAsync());
        Assert.Equal(ExperimentStatus.Running, _model.Status);
        Assert.True(await _model.PauseAsync());
        Assert.Equal(ExperimentStatus.Paused, _model.Status);
        Assert.True(await _model.ResumeAsync());
        Assert.True(await _model.StopAsync(new StopChoice(ExperimentVerdicts.NoWinner, "warm", "  no clear lift  ")));

        Assert.Equal(["start", "pause", "resume", "stop"], _service.Calls.Select(c => c.Action));
        Assert.All(_service.Calls, c => Assert.Equal(("greeting-tone", "oncall"), (c.Key, c.Actor)));
        // "No winner" names no arm, whatever the dialog had selected before; the reason is trimmed.
        Assert.Equal(new StopExperimentCommand(ExperimentVerdicts.NoWinner, null, "no clear lift"), _service.Calls[^1].Command);
        Assert.Equal(ExperimentStatus.Stopped, _model.Status);
        Assert.Equal("Stopped with no winner.", _model.ActionStatus);
        Assert.Equal(4, _model.Audit.Count);
        Assert.Equal("experiment.stop", _model.Audit[0].Action);
    }

    [Fact]
    public async Task Ship_stops_with_a_ship_decision_for_the_arm()
    {
        Seed(ExperimentStatus.Running);
        await _model.LoadAsync("greeting-tone");

        Assert.True(await _model.ShipAsync("warm", "success rate up 3 pp"));

        var call = Assert.Single(_service.Calls);
        Assert.Equal(("stop", new StopExperimentCommand(ExperimentVerdicts.Ship, "warm", "success rate up 3 pp")), (call.Action, call.Command));
        Assert.Equal(ExperimentDecision.Ship("warm"), _model.Details!.Experiment.Decision);
        Assert.Equal("Stopped: warm shipped to production.", _model.ActionStatus);
    }

    [Fact]
    public async Task A_refused_action_shows_the_service_message_and_keeps_the_state()
    {
        Seed(ExperimentStatus.Draft);
        await _model.LoadAsync("greeting-tone");
        _service.NextError = Error.Validation("overlap", "Another live experiment has the same prompt and audience.", [new FieldError("targeting", "Overlaps 'greeting-length'.")]);

        Assert.False(await _model.StartAsync());

        Assert.Equal("Another live experiment has the same prompt and audience.", _model.ActionError!.Message);
        Assert.Equal(["Overlaps 'greeting-length'."], _model.ActionError.For("targeting"));
        Assert.Equal(ExperimentStatus.Draft, _model.Status);
        Assert.Null(_model.ActionStatus);
        Assert.False(_model.Busy);
    }

    [Fact]
    public async Task A_failed_results_read_keeps_the_last_results_and_says_why()
    {
        Seed(ExperimentStatus.Running);
        await _model.LoadAsync("greeting-tone");
        _service.ResultsError = Error.Conflict("results-unavailable", "The execution records cannot be read right now.");

        await _model.RefreshAsync();

        Assert.Equal("The execution records cannot be read right now.", _model.ResultsError!.Message);
        Assert.NotNull(_model.Results);
    }

    [Fact]
    public async Task A_running_experiment_reads_its_results_every_five_seconds()
    {
        Seed(ExperimentStatus.Running);
        await _model.LoadAsync("greeting-tone");
        var refreshes = new SemaphoreSlim(0);
        _model.StartLiveRefresh(async refresh =>
        {
            await refresh();
            refreshes.Release();
        });
        var reads = _service.ResultReads;
        Assert.True(_model.Polling);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await refreshes.WaitAsync(TimeSpan.FromMilliseconds(200)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await refreshes.WaitAsync(Patience));
        _time.Advance(ExperimentPageViewModel.RefreshInterval);
        Assert.True(await refreshes.WaitAsync(Patience));

        Assert.Equal(reads + 2, _service.ResultReads);
    }

    [Theory]
    [InlineData(ExperimentStatus.Draft)]
    [InlineData(ExperimentStatus.Paused)]
    [InlineData(ExperimentStatus.Stopped)]
    public async Task An_experiment_that_is_not_running_is_not_polled(ExperimentStatus status)
    {
        Seed(status);
        await _model.LoadAsync("greeting-tone");
        _model.StartLiveRefresh(refresh => refresh());

        Assert.False(_model.Polling);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Pausing_stops_the_polling_and_resuming_starts_it_again()
    {
        Seed(ExperimentStatus.Running);
        await _model.LoadAsync("greeting-tone");
        _model.StartLiveRefresh(refresh => refresh());
        Assert.Equal(1, _time.ActiveTimers);

        await _model.PauseAsync();
        Assert.False(_model.Polling);
        Assert.Equal(0, _time.ActiveTimers);

        await _model.ResumeAsync();
        Assert.True(_model.Polling);
        Assert.Equal(1, _time.ActiveTimers);
    }

    [Fact]
    public async Task Disposing_ends_the_timer()
    {
        Seed(ExperimentStatus.Running);
        await _model.LoadAsync("greeting-tone");
        _model.StartLiveRefresh(refresh => refresh());

        await _model.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.False(_model.Polling);
        Assert.Equal(0, _time.ActiveTimers);
        var reads = _service.ResultReads;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(reads, _service.ResultReads);
    }
}
