using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.Limits;
using PromptConsole.Tests.TestSupport;
using static PromptConsole.Tests.TestSupport.ChatCompletionsCalls;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Api;

/// <summary>
/// Raw conversations on <c>/v1/chat/completions</c> and managed prompts run through the same pipeline: what one front door
/// has (the exact cache, streaming from the cache, surviving a stopped recorder), the other has too.
/// </summary>
public sealed class OnePipelineTests
{
    private static object Conversation(string text, bool stream = false) => new
    {
        model = "sim-fast",
        stream,
        messages = new object[] { new { role = "system", content = "Answer briefly." }, new { role = "user", content = text } },
    };

    [Fact]
    public async Task Raw_conversations_use_the_exact_cache_when_it_is_switched_on_and_tenants_never_share_an_answer()
    {
        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:Cache:ChatCompletions:Enabled", "true");
        var client = app.CreateClient();

        var first = await SendAsync(client, Conversation("What is a tide?"));
        var second = await SendAsync(client, Conversation("What is a tide?"));
        var other = await SendAsync(client, Conversation("What is a wave?"));
        var fresh = await SendAsync(client, Conversation("What is a tide?"), noCache: true);

        Assert.Equal(("miss", "hit-l1", "miss", "bypass"), (first.Cache, second.Cache, other.Cache, fresh.Cache));
        Assert.Equal(first.Text, second.Text);

        // A key with a tenant asks the same question: its own miss, then its own hit.
        using var tenantFirst = await TestCaller.SendAsync(client, TestCaller.Of("pipeline-acme", tenant: "acme"), () => Post(Conversation("What is a tide?")));
        using var tenantSecond = await TestCaller.SendAsync(client, TestCaller.Of("pipeline-acme", tenant: "acme"), () => Post(Conversation("What is a tide?")));
        Assert.Equal(("miss", "hit-l1"), (CacheOf(tenantFirst), CacheOf(tenantSecond)));

        // The hit is recorded as a cached execution under the raw conversations' key.
        await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var hits = await client.GetJsonAsync("/api/v1/executions?prompt=_chat&cache=exact");
        Assert.Equal(HttpStatusCode.OK, hits.Status);
        Assert.Equal(2, hits.Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_raw_conversation_streamed_once_is_stored_and_then_served_from_the_cache_as_a_stream()
    {
        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:Cache:ChatCompletions:Enabled", "true");
        var client = app.CreateClient();

        var streamed = await StreamAsync(client, Conversation("Tell me about the moon.", stream: true));
        var again = await StreamAsync(client, Conversation("Tell me about the moon.", stream: true));
        var whole = await SendAsync(client, Conversation("Tell me about the moon."));

        Assert.Equal(("miss", "hit-l1", "hit-l1"), (streamed.Cache, again.Cache, whole.Cache));
        Assert.True(streamed.Pieces > 1, $"the provider's answer came in {streamed.Pieces} piece(s)");
        Assert.Equal(1, again.Pieces);
        Assert.Equal(streamed.Text, again.Text);
        Assert.Equal(streamed.Text, whole.Text);
    }

    [Fact]
    public async Task Raw_conversations_are_off_the_cache_by_default()
    {
        using var app = new PromptConsoleFactory();
        var client = app.CreateClient();

        var first = await SendAsync(client, Conversation("Hello"));
        var second = await SendAsync(client, Conversation("Hello"));

        Assert.Equal(("off", "off"), (first.Cache, second.Cache));
    }

    [Fact]
    public async Task A_streamed_managed_prompt_with_output_checks_is_answered_whole_in_one_piece()
    {
        using var app = new PromptConsoleFactory();
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("checked-stream", new
        {
            template = "Describe {{topic}}.",
            model = new { model = "sim-fast" },
            variables = new[] { new { name = "topic" } },
            checks = new { maxLength = 5000 },
        });

        var streamed = await StreamAsync(client, new { model = "prompt:checked-stream", stream = true, prompt_variables = new { topic = "tides" } });

        Assert.Equal(1, streamed.Pieces);
        Assert.StartsWith("[simulated]", streamed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_front_doors_answer_while_the_recorder_has_stopped()
    {
        using var app = new PromptConsoleFactory().WithServices(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IExecutionRecorder));
            services.Replace(ServiceDescriptor.Singleton<IExecutionRecorder>(provider => new StoppedRecorder((IExecutionRecorder)registered.ImplementationFactory!(provider))));
        });
        var client = app.CreateClient();
        await client.CreateDeployedPromptAsync("while-stopping", new { template = "Say {{word}}.", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });

        var raw = await SendAsync(client, Conversation("Still there?"));
        var streamed = await StreamAsync(client, Conversation("Still there?", stream: true));
        using var prompt = await client.PostAsJsonAsync("/api/v1/prompts/while-stopping/execute", new { variables = new { word = "hello" } });

        Assert.Equal(HttpStatusCode.OK, raw.Status);
        Assert.StartsWith("[simulated]", streamed.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, prompt.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Cache, string Text)> SendAsync(HttpClient client, object body, bool noCache = false)
    {
        using var request = Post(body, noCache);
        using var response = await client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, CacheOf(response), (string?)json["choices"]?[0]?["message"]?["content"] ?? string.Empty);
    }


    /// <summary>The recorder after the host's shutdown has drained it: executions are admitted, their records refused.</summary>
    private sealed class StoppedRecorder(IExecutionRecorder inner) : IExecutionRecorder
    {
        public long AcceptedCount => inner.AcceptedCount;

        public long WrittenCount => inner.WrittenCount;

        public RecorderStatus Status => inner.Status;

        public bool TryAdmit() => true;

        public ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The recorder has stopped.");

        public Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default) =>
            inner.RecordFeedbackAsync(executionId, score, cancellationToken);

        public Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default) =>
            inner.RecordAutomatedScoreAsync(executionId, score, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
