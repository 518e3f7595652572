using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

public class SimulatorChatClientTests
{
    private static readonly ChatMessage[] Summarise =
    [
        new(ChatRole.System, "You are a careful assistant."),
        new(ChatRole.User, "Summarise the quarterly report in three bullet points."),
    ];

    private static SimulatorChatClient Client(SimulatorProfile? profile = null, TimeProvider? time = null) =>
        new("simulator", profile ?? SimulatorProfile.Instant(), time ?? TimeProvider.System);

    private static ChatOptions Model(string model, int? maxTokens = null) => new() { ModelId = model, MaxOutputTokens = maxTokens };

    [Fact]
    public async Task Same_model_and_messages_give_the_same_text_across_instances_and_call_order()
    {
        var first = Client();
        var second = Client();
        await second.GetResponseAsync([new ChatMessage(ChatRole.User, "something else first")], Model("sim-fast"));

        var a = await first.GetResponseAsync(Summarise, Model("sim-fast"));
        var b = await second.GetResponseAsync(Summarise, Model("sim-fast"));

        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Usage!.OutputTokenCount, b.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_different_model_or_prompt_gives_different_text()
    {
        var client = Client();
        var baseline = await client.GetResponseAsync(Summarise, Model("sim-fast"));
        var otherModel = await client.GetResponseAsync(Summarise, Model("sim-smart"));
        var otherPrompt = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Translate 'good morning' to French.")], Model("sim-fast"));

        Assert.NotEqual(baseline.Text, otherModel.Text);
        Assert.NotEqual(baseline.Text, otherPrompt.Text);
    }

    [Fact]
    public async Task Responses_say_they_are_simulated_in_text_and_properties()
    {
        var response = await Client().GetResponseAsync(Summarise, Model("sim-fast"));

        Assert.StartsWith("[simulated]", response.Text);
        Assert.Contains("Summarise the quarterly report", response.Text);
        Assert.Equal(true, response.AdditionalProperties?[SimulatorChatClient.SimulatedProperty]);
        Assert.Equal("sim-fast", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData("Return the answer as JSON with a 'summary' field.")]
    [InlineData("respond in json only")]
    public async Task A_prompt_asking_for_json_gets_a_valid_json_object(string prompt)
    {
        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], Model("sim-fast"));

        using var json = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.True(json.RootElement.GetProperty("simulated").GetBoolean());
        Assert.Equal("sim-fast", json.RootElement.GetProperty("model").GetString());
        Assert.StartsWith("[simulated]", json.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_json_answer_has_the_keys_of_the_prompts_example_object_in_their_shapes()
    {
        const string prompt = "Extract the order. Answer with JSON only: {\"order_id\": string, \"items\": [string], \"model\": string}.\n\nHi, order {\"x\": 1}";
        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], Model("sim-fast"));

        using var json = JsonDocument.Parse(response.Text);
        var root = json.RootElement;
        Assert.Equal(["simulated", "order_id", "items", "model", "answer", "confidence"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[simulated] order_id", root.GetProperty("order_id").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("items").ValueKind);
        Assert.Equal("sim-fast", root.GetProperty("model").GetString());
        Assert.Matches("\"order_id\"\\s*:", response.Text);
    }

    [Theory]
    [InlineData("No braces here, answer in JSON.", "")]
    [InlineData("JSON like {\"a\": 1, \"b\": [1], \"a\": 2}", "a,b[]")]
    [InlineData("Unclosed {\"a\": 1", "")]
    [InlineData("{\"simulated\": true, \"answer\": \"x\", \"summary\": \"y\"} then {\"later\": 1}", "summary")]
    public void Shape_keys_come_from_the_first_example_object(string text, string expected)
    {
        var keys = SimulatedAnswerWriter.ShapeKeys(text).Select(k => k.IsList ? k.Key + "[]" : k.Key);

        Assert.Equal(expected, string.Join(',', keys));
    }

    [Fact]
    public async Task Output_tokens_stay_in_the_configured_range_and_input_tokens_follow_text_length()
    {
        var client = Client(new SimulatorProfile(default, 0, 30, 60, Seed: 7));
        var seen = new HashSet<long>();
        for (var i = 0; i < 50; i++)
        {
            var user = $"Question number {i}: what is {i} squared?";
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, user)], Model("sim-fast"));

            var output = response.Usage!.OutputTokenCount!.Value;
            Assert.InRange(output, 30, 60);
            seen.Add(output);
            // About four characters per token, rounded up per message.
            Assert.Equal((("Be brief.".Length + 3) / 4) + ((user.Length + 3) / 4), response.Usage.InputTokenCount);
            Assert.Equal(response.Usage.InputTokenCount + output, response.Usage.TotalTokenCount);
            // The text is sized to the token count it reports.
            Assert.InRange(response.Text.Length, output * 4 - 10, output * 4 + 120);
        }

        Assert.True(seen.Count > 5, $"Output token counts should vary across prompts, saw {seen.Count} distinct values.");
    }

    [Fact]
    public async Task Max_output_tokens_caps_the_answer_and_reports_length_as_finish_reason()
    {
        var response = await Client(new SimulatorProfile(default, 0, 100, 200, Seed: 1)).GetResponseAsync(Summarise, Model("sim-fast", maxTokens: 20));

        Assert.Equal(20, response.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Error_rate_fails_about_that_share_of_calls_and_the_pattern_repeats_with_the_same_seed()
    {
        var profile = new SimulatorProfile(default, ErrorRate: 0.3, 40, 220, Seed: 12345);
        var first = await FailurePattern(Client(profile), calls: 2000);
        var second = await FailurePattern(Client(profile), calls: 2000);
        var otherSeed = await FailurePattern(Client(profile with { Seed = 999 }), calls: 2000);

        var failures = first.Count(failed => failed);
        Assert.InRange(failures, 520, 680);
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public async Task Simulated_failures_are_transient_503s_or_429s()
    {
        var client = Client(new SimulatorProfile(default, ErrorRate: 1.0, 40, 220, Seed: 3));
        var statuses = new HashSet<int?>();
        for (var i = 0; i < 100; i++)
        {
            var failure = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync(Summarise, Model("sim-fast")));
            Assert.True(failure.IsTransient);
            statuses.Add(failure.StatusCode);
        }

        Assert.Equal(new HashSet<int?> { 429, 503 }, statuses);
    }

    [Fact]
    public async Task Zero_error_rate_never_fails()
    {
        Assert.DoesNotContain(true, await FailurePattern(Client(SimulatorProfile.Instant(seed: 5)), calls: 500));
    }

    [Fact]
    public async Task Latency_waits_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var client = Client(new SimulatorProfile(new LogNormalLatency(250, 900), 0, 40, 220, Seed: 1), time);

        var pending = client.GetResponseAsync(Summarise, Model("sim-fast"));

        Assert.False(pending.IsCompleted);
        Assert.Equal(1, time.ActiveTimers);
        time.Advance(TimeSpan.FromSeconds(10));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("[simulated]", response.Text);
    }

    [Fact]
    public async Task Cancelling_during_the_simulated_latency_throws_operation_cancelled()
    {
        var time = new ManualTimeProvider();
        var client = Client(new SimulatorProfile(new LogNormalLatency(250, 900), 0, 40, 220, Seed: 1), time);
        using var cancellation = new CancellationTokenSource();

        var pending = client.GetResponseAsync(Summarise, Model("sim-fast"), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public async Task Streaming_yields_the_same_text_in_pieces_and_ends_with_usage()
    {
        var client = Client();
        var whole = await client.GetResponseAsync(Summarise, Model("sim-fast"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Summarise, Model("sim-fast")))
            updates.Add(update);

        Assert.True(updates.Count > 2);
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        var usage = Assert.Single(updates[^1].Contents.OfType<UsageContent>());
        Assert.Equal(whole.Usage!.OutputTokenCount, usage.Details.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    private static async Task<List<bool>> FailurePattern(SimulatorChatClient client, int calls)
    {
        var pattern = new List<bool>(calls);
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await client.GetResponseAsync(Summarise, Model("sim-fast"));
                pattern.Add(false);
            }
            catch (ModelProviderException)
            {
                pattern.Add(true);
            }
        }

        return pattern;
    }
}
