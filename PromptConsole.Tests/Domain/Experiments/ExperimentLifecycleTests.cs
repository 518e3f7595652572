using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using static PromptConsole.Tests.Domain.Experiments.ExperimentFixtures;

namespace PromptConsole.Tests.Domain.Experiments;

public sealed class ExperimentLifecycleTests
{
    private static readonly DateTimeOffset Now = DomainFixtures.Now;

    /// <summary>From each status, each move: the status it leads to, or the Conflict code refusing it.</summary>
    [Theory]
    [InlineData(ExperimentStatus.Draft, "start", "Running")]
    [InlineData(ExperimentStatus.Running, "start", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Paused, "start", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Stopped, "start", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Draft, "pause", "experiment-not-running")]
    [InlineData(ExperimentStatus.Running, "pause", "Paused")]
    [InlineData(ExperimentStatus.Paused, "pause", "experiment-not-running")]
    [InlineData(ExperimentStatus.Stopped, "pause", "experiment-not-running")]
    [InlineData(ExperimentStatus.Draft, "resume", "experiment-not-paused")]
    [InlineData(ExperimentStatus.Running, "resume", "experiment-not-paused")]
    [InlineData(ExperimentStatus.Paused, "resume", "Running")]
    [InlineData(ExperimentStatus.Stopped, "resume", "experiment-not-paused")]
    [InlineData(ExperimentStatus.Draft, "stop", "experiment-not-live")]
    [InlineData(ExperimentStatus.Running, "stop", "Stopped")]
    [InlineData(ExperimentStatus.Paused, "stop", "Stopped")]
    [InlineData(ExperimentStatus.Stopped, "stop", "experiment-not-live")]
    [InlineData(ExperimentStatus.Draft, "revise", "Draft")]
    [InlineData(ExperimentStatus.Running, "revise", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Paused, "revise", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Stopped, "revise", "experiment-not-draft")]
    [InlineData(ExperimentStatus.Stopped, "reallocate", "experiment-stopped")]
    public void Moves_only_along_the_lifecycle(ExperimentStatus from, string move, string expected)
    {
        var experiment = new Experiment(Definition(), from, from == ExperimentStatus.Draft ? null : Now.AddDays(-1));

        var result = Apply(experiment, move);

        var found = result.IsSuccess ? result.Value.Status.ToString() : result.Error!.Code;
        Assert.True(expected == found, $"{move} from {from}: expected {expected}, found {found}");
        if (!result.IsSuccess)
        {
            Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
            Assert.Contains($"'{experiment.Key}' is {from.ToString().ToLowerInvariant()}", result.Error.Message);
        }
    }

    [Fact]
    public void Start_records_when_and_resume_keeps_it()
    {
        var started = ExperimentLifecycle.Start(Experiment.NewDraft(Definition()), Now, []).Value;
        var paused = ExperimentLifecycle.Pause(started).Value;
        var resumed = ExperimentLifecycle.Resume(paused, Now.AddDays(2)).Value;

        Assert.Equal(Now, started.StartedAt);
        Assert.Equal(Now, resumed.StartedAt);
        Assert.Equal(ExperimentStatus.Running, resumed.Status);
    }

    [Fact]
    public void Stop_records_the_decision_to_ship_an_arm()
    {
        var stopped = ExperimentLifecycle.Stop(Running(Definition()), ExperimentDecision.Ship("friendly"), Now.AddDays(3)).Value;

        Assert.Equal(ExperimentStatus.Stopped, stopped.Status);
        Assert.Equal(Now.AddDays(3), stopped.StoppedAt);
        Assert.Equal(new ExperimentDecision(ExperimentVerdict.Ship, "friendly"), stopped.Decision);
    }

    [Fact]
    public void Stop_with_no_winner_names_no_arm()
    {
        var stopped = ExperimentLifecycle.Stop(Running(Definition()), ExperimentDecision.NoWinner, Now).Value;

        Assert.Equal(ExperimentVerdict.NoWinner, stopped.Decision!.Verdict);
        Assert.Null(stopped.Decision.Arm);
    }

    [Theory]
    [InlineData(ExperimentVerdict.Ship, null, "is not an arm")]
    [InlineData(ExperimentVerdict.Ship, "", "is not an arm")]
    [InlineData(ExperimentVerdict.Ship, "Friendly", "is not an arm")]
    [InlineData(ExperimentVerdict.Ship, "winner", "use one of control, friendly")]
    [InlineData(ExperimentVerdict.NoWinner, "control", "Leave the arm out")]
    public void Stop_refuses_a_decision_that_does_not_fit_the_arms(ExperimentVerdict verdict, string? arm, string message)
    {
        var result = ExperimentLifecycle.Stop(Running(Definition()), new ExperimentDecision(verdict, arm), Now);

        Assert.Equal((ErrorKind.Validation, "invalid-decision"), (result.Error!.Kind, result.Error.Code));
        var error = Assert.Single(result.Error.FieldErrors);
        Assert.Equal("arm", error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Start_refuses_an_audience_a_live_experiment_already_has()
    {
        var other = Running(Definition("tone-v1"), Now.AddDays(-2));
        var paused = new Experiment(Definition("tone-v0"), ExperimentStatus.Paused, Now.AddDays(-5));

        var result = ExperimentLifecycle.Start(Experiment.NewDraft(Definition()), Now, [other, paused]);

        Assert.Equal((ErrorKind.Validation, "experiment-overlaps"), (result.Error!.Kind, result.Error.Code));
        Assert.Equal("targeting", Assert.Single(result.Error.FieldErrors).Field);
        Assert.Contains("'tone-v0' is already paused", result.Error.Message);
    }

    [Fact]
    public void Start_ignores_stopped_and_draft_experiments_and_itself()
    {
        var stopped = new Experiment(Definition("tone-v1"), ExperimentStatus.Stopped, Now.AddDays(-9), Now.AddDays(-2), ExperimentDecision.NoWinner);
        var draft = Experiment.NewDraft(Definition("tone-v2"));
        var self = Experiment.NewDraft(Definition());

        Assert.True(ExperimentLifecycle.Start(self, Now, [stopped, draft, self]).IsSuccess);
    }

    [Fact]
    public void Start_and_resume_refuse_an_experiment_past_its_end_date()
    {
        var definition = Definition() with { EndsAt = Now };

        var start = ExperimentLifecycle.Start(Experiment.NewDraft(definition), Now, []);
        var resume = ExperimentLifecycle.Resume(new Experiment(definition, ExperimentStatus.Paused, Now.AddDays(-1)), Now.AddSeconds(1));

        Assert.Equal("endsAt", Assert.Single(start.Error!.FieldErrors).Field);
        Assert.Equal("experiment-ended", resume.Error!.Code);
        Assert.True(ExperimentLifecycle.IsPastEnd(Running(definition), Now));
        Assert.False(ExperimentLifecycle.IsPastEnd(Running(definition), Now.AddTicks(-1)));
        Assert.False(ExperimentLifecycle.IsPastEnd(Experiment.NewDraft(definition), Now));
    }

    [Fact]
    public void Revise_keeps_the_key()
    {
        var result = ExperimentLifecycle.Revise(Experiment.NewDraft(Definition()), Definition("other-key"));

        Assert.Equal("key", Assert.Single(result.Error!.FieldErrors).Field);
    }

    /// <summary>
    /// 50/50 → 60/40 moves the hash slice [0.5, 0.6) from the second arm to the first: 10% of subjects
    /// switch, so a live experiment needs confirmation and a draft does not.
    /// </summary>
    [Fact]
    public void Reallocating_a_live_experiment_needs_confirmation_when_subjects_move()
    {
        var running = Running(Definition());

        var unconfirmed = ExperimentLifecycle.Reallocate(running, [60, 40], 1, confirmed: false);
        var confirmed = ExperimentLifecycle.Reallocate(running, [60, 40], 1, confirmed: true);
        var draft = ExperimentLifecycle.Reallocate(Experiment.NewDraft(Definition()), [60, 40], 1, confirmed: false);

        Assert.Equal((ErrorKind.Conflict, "reassignment-not-confirmed"), (unconfirmed.Error!.Kind, unconfirmed.Error.Code));
        Assert.Contains("10.00 %", unconfirmed.Error.Message);
        Assert.Equal([60d, 40d], confirmed.Value.Definition.Arms.Select(a => a.Weight));
        Assert.Equal(["control", "friendly"], confirmed.Value.Definition.Arms.Select(a => a.Name));
        Assert.True(draft.IsSuccess);
    }

    /// <summary>Raising coverage only brings new subjects in; nobody enrolled changes arm, so no confirmation.</summary>
    [Fact]
    public void Raising_coverage_needs_no_confirmation()
    {
        var result = ExperimentLifecycle.Reallocate(Running(Definition(coverage: 0.5)), [1, 1], 1, confirmed: false);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(1, result.Value.Definition.Coverage);
    }

    [Theory]
    [InlineData(new[] { 1.0 }, 1, "arms")]
    [InlineData(new[] { 1.0, -1 }, 1, "arms[1].weight")]
    [InlineData(new[] { 0.0, 0 }, 1, "arms")]
    [InlineData(new[] { 1.0, 1 }, 0, "coverage")]
    [InlineData(new[] { 1.0, 1 }, 1.5, "coverage")]
    public void Reallocate_rejects_bad_weights_and_coverage(double[] weights, double coverage, string field)
    {
        var result = ExperimentLifecycle.Reallocate(Running(Definition()), weights, coverage, confirmed: true);

        Assert.Equal((ErrorKind.Validation, "invalid-allocation"), (result.Error!.Kind, result.Error.Code));
        Assert.Equal(field, Assert.Single(result.Error.FieldErrors).Field);
    }

    private static Result<Experiment> Apply(Experiment experiment, string move) => move switch
    {
        "start" => ExperimentLifecycle.Start(experiment, Now, []),
        "pause" => ExperimentLifecycle.Pause(experiment),
        "resume" => ExperimentLifecycle.Resume(experiment, Now),
        "stop" => ExperimentLifecycle.Stop(experiment, ExperimentDecision.Ship("control"), Now),
        "revise" => ExperimentLifecycle.Revise(experiment, experiment.Definition with { Hypothesis = "Revised" }),
        "reallocate" => ExperimentLifecycle.Reallocate(experiment, [1, 1], 1, confirmed: true),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };
}
