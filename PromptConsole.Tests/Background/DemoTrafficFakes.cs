using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Background;

/// <summary>Answers every command with <see cref="Answer"/> and keeps the commands; safe to call from several threads.</summary>
internal sealed class ConcurrentFakeExecutor : IPromptExecutor
{
    public ConcurrentQueue<ExecuteCommand> Commands { get; } = new();

    public Func<ExecuteCommand, CancellationToken, Task<Result<ExecutionResult>>> Answer { get; set; } = (command, _) => Task.FromResult(Succeeded(command));

    public Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command);
        return Answer(command, cancellationToken);
    }

    /// <summary>Only the OpenAI-compatible endpoint streams; what this fake stands in for never does.</summary>
    public Task<Result<ExecutionStream>> StreamAsync(ExecuteCommand command, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Nothing this fake stands in for streams.");

    public static Result<ExecutionResult> Succeeded(ExecuteCommand command) => new ExecutionResult(
        Guid.NewGuid(), "simulated answer", command.PromptKey, command.Version ?? 2,
        new RouteDecision(command.Version is null ? RouteKind.Label : RouteKind.Version, command.Version is null ? LabelName.Production : $"v{command.Version}", null, command.Version ?? 2),
        CacheLevel.Miss, "sim-fast", Simulated: true, Attempts: 1, ["sim-fast"], new ExecutionUsage(10, 20), 0.0001m, 1, null);
}

/// <summary>Takes feedback for any execution; the generator never records executions itself.</summary>
internal sealed class FeedbackOnlyRecorder : IExecutionRecorder
{
    public ConcurrentQueue<(Guid ExecutionId, int Score)> Feedback { get; } = new();

    public long AcceptedCount => 0;

    public long WrittenCount => 0;

    public RecorderStatus Status => new(0, 10_000, false, 0, 0);

    public bool TryAdmit() => true;

    public ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The generator must record through the executor, not directly.");

    public Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default)
    {
        Feedback.Enqueue((executionId, score));
        return Task.FromResult(new FeedbackReceipt(FeedbackAcceptance.Accepted, new MetricSeriesKey("greet", 2, null, "sim-fast")));
    }

    public ConcurrentQueue<(Guid ExecutionId, AutomatedScore Score)> AutomatedScores { get; } = new();

    public Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default)
    {
        AutomatedScores.Enqueue((executionId, score));
        return Task.FromResult(new FeedbackReceipt(FeedbackAcceptance.Accepted, new MetricSeriesKey("greet", 2, null, "sim-fast")));
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Counts the quality scores fed into it.</summary>
internal sealed class QualityCountingStore : IMetricsStore
{
    private long _qualityScores;

    public long QualityScores => Interlocked.Read(ref _qualityScores);

    public TimeSpan LiveSpan => TimeSpan.FromMinutes(15);

    public void Observe(ExecutionObservation observation, DateTimeOffset at) =>
        throw new InvalidOperationException("The generator must observe executions through the executor, not directly.");

    public void ObserveQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at) => Interlocked.Increment(ref _qualityScores);

    public Task<MetricsWindow> QueryAsync(TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Not queried by the generator.");

    public Task<IReadOnlyDictionary<TGroup, MetricsWindow>> QueryGroupsAsync<TGroup>(
        TimeSpan window, MetricsFilter filter, Func<MetricSeriesKey, TGroup> groupOf, IReadOnlyCollection<TGroup> groups, CancellationToken cancellationToken = default)
        where TGroup : notnull => throw new InvalidOperationException("Not queried by the generator.");

    public IDisposable Subscribe(Func<Task> onChanged, TimeSpan minInterval) =>
        throw new InvalidOperationException("Not subscribed by the generator.");
}

/// <summary>The in-memory registry, whose listing can be made to fail a number of times.</summary>
internal sealed class FlakyRegistry(InMemoryPromptRegistry inner) : IPromptRegistry
{
    private int _failuresLeft;

    public void FailNextListings(int count) => _failuresLeft = count;

    public Task<IReadOnlyList<PromptSummary>> ListAsync(string? search, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _failuresLeft) >= 0
            ? throw new InvalidOperationException("The database is unavailable.")
            : inner.ListAsync(search, cancellationToken);

    public Task<Result<Prompt>> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<Result<Prompt>> CreateAsync(CreatePromptCommand command, string actor, CancellationToken cancellationToken = default) => inner.CreateAsync(command, actor, cancellationToken);

    public Task<Result<Prompt>> UpdateAsync(string key, UpdatePromptCommand command, string actor, CancellationToken cancellationToken = default) => inner.UpdateAsync(key, command, actor, cancellationToken);

    public Task<Result<CreatedVersion>> AddVersionAsync(string key, VersionDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        inner.AddVersionAsync(key, draft, expectedRevision, actor, cancellationToken);

    public Task<Result<Label>> DeployAsync(string key, string label, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        inner.DeployAsync(key, label, version, reason, expectedRevision, actor, cancellationToken);

    public Task<Result<Label>> RollbackAsync(string key, string label, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        inner.RollbackAsync(key, label, reason, expectedRevision, actor, cancellationToken);

    public Task<Result<PromptVersion>> DeprecateAsync(string key, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        inner.DeprecateAsync(key, version, reason, expectedRevision, actor, cancellationToken);

    public Task<IReadOnlyList<AuditEvent>> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.GetAuditAsync(query, cancellationToken);
}

/// <summary>A generator over fakes and a manual clock: nothing happens until the test moves the clock.</summary>
internal sealed class GeneratorRig : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public GeneratorRig(DemoTrafficOptions options)
    {
        Registry = new FlakyRegistry(Prompts);
        var metrics = new PromptConsoleMetrics(Prometheus.Metrics.NewCustomRegistry(), maxSeriesPerMetric: 1000);
        var feedback = new ExecutionFeedback(Recorder, Store, metrics, Clock);
        Generator = new DemoTrafficGenerator(Options.Create(options), Registry, Executor, Catalog, feedback, Statistics, Clock, NullLogger<DemoTrafficGenerator>.Instance);
    }

    public ManualTimeProvider Clock { get; } = new();

    public InMemoryPromptRegistry Prompts { get; } = new();

    public FlakyRegistry Registry { get; }

    public ConcurrentFakeExecutor Executor { get; } = new();

    /// <summary>"sim-small" and "sim-large" are simulated; any other model is a real provider's.</summary>
    public FakeModelCatalog Catalog { get; } = new();

    public FeedbackOnlyRecorder Recorder { get; } = new();

    public QualityCountingStore Store { get; } = new();

    public DemoTrafficStatistics Statistics { get; } = new();

    public DemoTrafficGenerator Generator { get; }

    /// <summary>"greet": v1 and v2, production on v2.</summary>
    public async Task AddGreetPromptAsync()
    {
        var draft = new VersionDraft("Hello {{name}}, about {{topic}}", new ModelSettings("sim-small"), [new VariableDeclaration("name"), new VariableDeclaration("topic", Required: false, Default: "billing")]);
        Assert.True((await Prompts.CreateAsync(new CreatePromptCommand("greet", "Greet", null, null, draft), "test")).IsSuccess);
        Assert.True((await Prompts.AddVersionAsync("greet", draft with { Template = "Hi {{name}}! Topic: {{topic}}" }, null, "test")).IsSuccess);
        Assert.True((await Prompts.DeployAsync("greet", LabelName.Production, 2, null, null, "test")).IsSuccess);
    }

    /// <summary>Moves the clock in small steps, each time waiting until the loop waits on the clock again.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            Clock.Advance(step);
            await WaitUntilAsync(() => Clock.ActiveTimers >= 1, "the generator to wait on the clock again");
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Patience, $"Gave up waiting for {what} after {Patience.TotalSeconds} s.");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(Patience);
        await Generator.StopAsync(stop.Token);
        Generator.Dispose();
    }
}
