using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Api;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Api;

/// <summary>The contract of load shedding at the recorder's bound, on the real app with a recorder held at its bound.</summary>
public sealed class RecorderOverloadApiTests : IDisposable
{
    private readonly PromptConsoleFactory _app;
    private readonly HttpClient _client;

    public RecorderOverloadApiTests()
    {
        _app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Recording:RetryAfterSeconds", "7")
            .WithServices(services => services.AddSingleton<IExecutionRecorder>(provider => new AtBoundRecorder(provider.GetRequiredService<BatchingExecutionRecorder>())));
        _client = _app.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task Executions_and_chat_completions_are_refused_with_503_retry_after_and_readiness_and_metrics_say_why()
    {
        await _client.CreateDeployedPromptAsync("shed", new { template = "Hello.", model = new { model = "sim-fast" } });

        var execute = await _client.PostJsonAsync("/api/v1/prompts/shed/execute", new { });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, execute.Status);
        Assert.Equal(Problems.TypeBase + RecorderOverload.Code, (string?)execute.Body?["type"]);
        Assert.Equal("7", execute.Response.Headers.GetValues("Retry-After").Single());

        var chat = await _client.PostJsonAsync("/v1/chat/completions", new { model = "sim-fast", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.Status);
        Assert.Equal(RecorderOverload.Code, (string?)chat.Body?["error"]?["code"]);
        Assert.Equal("7", chat.Response.Headers.GetValues("Retry-After").Single());

        var managed = await _client.PostJsonAsync("/v1/chat/completions", new { model = "prompt:shed" });
        Assert.True(managed.Status == HttpStatusCode.ServiceUnavailable, managed.Body?.ToJsonString());
        Assert.Equal("7", managed.Response.Headers.GetValues("Retry-After").Single());

        using var ready = await _client.GetAsync("/readyz");
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());

        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("promptconsole_recorder_shed_total 3", metrics, StringComparison.Ordinal);
        Assert.Contains("promptconsole_recorder_capacity_records 10000", metrics, StringComparison.Ordinal);
        Assert.Contains("promptconsole_recorder_waiting_records 10000", metrics, StringComparison.Ordinal);
    }

    /// <summary>The real recorder, reported as holding as many records as its bound.</summary>
    private sealed class AtBoundRecorder(BatchingExecutionRecorder inner) : IExecutionRecorder
    {
        private long _shed;

        public long AcceptedCount => inner.AcceptedCount;

        public long WrittenCount => inner.WrittenCount;

        public RecorderStatus Status => inner.Status with { Waiting = inner.Status.Capacity, Shed = Interlocked.Read(ref _shed) };

        public bool TryAdmit()
        {
            Interlocked.Increment(ref _shed);
            return false;
        }

        public ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default) => inner.RecordAsync(record, cancellationToken);

        public Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default) =>
            inner.RecordFeedbackAsync(executionId, score, cancellationToken);

        public Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default) =>
            inner.RecordAutomatedScoreAsync(executionId, score, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
