using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PromptConsole.Tests.TestSupport;

public sealed record RecordedChatMessage(string Role, string Content);

/// <summary>One request the fake server received, with the fields tests usually assert on and the raw body.</summary>
public sealed record RecordedChatRequest(
    string Path,
    string? Authorization,
    string? Model,
    IReadOnlyList<RecordedChatMessage> Messages,
    int? MaxCompletionTokens,
    int? MaxTokens,
    double? Temperature,
    bool Stream,
    string Body)
{
    public string? LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content;

    /// <summary>The W3C <c>traceparent</c> the caller sent, if any.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// A small OpenAI-compatible chat completions server on 127.0.0.1 (a free port), for tests that need a
/// real HTTP provider. By default it answers every request; <see cref="FailNext"/>, <see cref="HangNext"/>,
/// <see cref="MalformedNext"/> and <see cref="ReplyNext"/> script the next requests in order. Every request is recorded.
/// Point a provider at <see cref="BaseUrl"/> (Kind OpenAI).
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly object _gate = new();
    private readonly List<RecordedChatRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly SemaphoreSlim _abortedHangs = new(0);
    private int _completionCounter;

    private FakeOpenAiServer(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    /// <summary>Ends in <c>/v1</c>, like https://api.openai.com/v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The text of a default (unscripted) answer; echoes the last user message unless replaced.</summary>
    public Func<RecordedChatRequest, string> Reply { get; set; } = request => $"Echo: {request.LastUserMessage}";

    /// <summary>The model id reported in responses; null echoes the requested model.</summary>
    public string? ResponseModel { get; set; }

    public int PromptTokens { get; set; } = 12;

    public int CompletionTokens { get; set; } = 8;

    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (_gate)
                return _requests.ToArray();
        }
    }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        // An empty builder: no configuration files, no logging, just Kestrel on a loopback port.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = new FakeOpenAiServer(builder.Build());
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests get <paramref name="statusCode"/> with an OpenAI error body.</summary>
    public FakeOpenAiServer FailNext(int statusCode, int times = 1, string? message = null)
    {
        for (var i = 0; i < times; i++)
            _script.Enqueue(new ScriptedReply(ScriptedKind.Fail, statusCode, message ?? $"Scripted failure {statusCode}."));
        return this;
    }

    /// <summary>The next <paramref name="times"/> requests never answer; they end when the client gives up.</summary>
    public FakeOpenAiServer HangNext(int times = 1)
    {
        for (var i = 0; i < times; i++)
            _script.Enqueue(new ScriptedReply(ScriptedKind.Hang, 0, null));
        return this;
    }

    /// <summary>The next request gets 200 with a JSON body cut off in the middle.</summary>
    public FakeOpenAiServer MalformedNext()
    {
        _script.Enqueue(new ScriptedReply(ScriptedKind.Malformed, 200, null));
        return this;
    }

    /// <summary>True once a hanging request has been given up by its client (the connection was aborted).</summary>
    public Task<bool> WaitForAbortedHangAsync(TimeSpan timeout) => _abortedHangs.WaitAsync(timeout);

    /// <summary>The next request is answered with exactly <paramref name="text"/>.</summary>
    public FakeOpenAiServer ReplyNext(string text)
    {
        _script.Enqueue(new ScriptedReply(ScriptedKind.Reply, 200, text));
        return this;
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived (and been recorded).</summary>
    public Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_requests.Count >= count)
                return Task.CompletedTask;
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        return signal.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        _abortedHangs.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (await TryHandleBatchApiAsync(context))
            return;

        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Value!.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        RecordedChatRequest request;
        try
        {
            request = Parse(context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), body) with
            {
                TraceParent = context.Request.Headers.TryGetValue("traceparent", out var traceParent) ? traceParent.ToString() : null,
            };
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, 400, "The body is not valid JSON.");
            return;
        }

        Record(request);
        var scripted = _script.TryDequeue(out var next) ? next : new ScriptedReply(ScriptedKind.Reply, 200, null);
        switch (scripted.Kind)
        {
            case ScriptedKind.Fail:
                await WriteErrorAsync(context, scripted.StatusCode, scripted.Text!);
                return;
            case ScriptedKind.Hang:
                using (var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, hang.Token);
                    }
                    catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                    {
                        _abortedHangs.Release();
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                return;
            case ScriptedKind.Malformed:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"chatcmpl-cut\",\"choices\":[{\"index\":0,\"message\":{\"role\":", context.RequestAborted);
                return;
        }

        var text = scripted.Text ?? Reply(request);
        var model = ResponseModel ?? request.Model ?? "fake-model";
        var id = $"chatcmpl-fake-{Interlocked.Increment(ref _completionCounter)}";
        const long created = 1_767_225_600; // 2026-01-01T00:00:00Z, fixed so responses are reproducible
        if (request.Stream)
            await WriteStreamAsync(context, request, id, created, model, text);
        else
            await WriteCompletionAsync(context, id, created, model, text);
    }

    private async Task WriteCompletionAsync(HttpContext context, string id, long created, string model, string text)
    {
        var payload = new
        {
            id,
            @object = "chat.completion",
            created,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
            usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(payload), context.RequestAborted);
    }

    private async Task WriteStreamAsync(HttpContext context, RecordedChatRequest request, string id, long created, string model, string text)
    {
        context.Response.ContentType = "text/event-stream";
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var piece = i < words.Length - 1 ? words[i] + " " : words[i];
            var delta = i == 0 ? (object)new { role = "assistant", content = piece } : new { content = piece };
            await WriteEventAsync(context, Chunk(id, created, model, new[] { new { index = 0, delta, finish_reason = (string?)null } }, usage: null));
        }

        await WriteEventAsync(context, Chunk(id, created, model, new[] { new { index = 0, delta = (object)new { }, finish_reason = (string?)"stop" } }, usage: null));
        if (request.Body.Contains("include_usage", StringComparison.Ordinal))
        {
            var usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens };
            await WriteEventAsync(context, Chunk(id, created, model, Array.Empty<object>(), usage));
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static object Chunk(string id, long created, string model, object choices, object? usage) =>
        new { id, @object = "chat.completion.chunk", created, model, choices, usage };

    private static async Task WriteEventAsync(HttpContext context, object chunk)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        if (statusCode == StatusCodes.Status429TooManyRequests)
            context.Response.Headers.RetryAfter = "1";
        var type = statusCode >= 500 ? "server_error" : "invalid_request_error";
        var payload = new { error = new { message, type, param = (string?)null, code = (string?)null } };
        await context.Response.WriteAsync(JsonSerializer.Serialize(payload), context.RequestAborted);
    }

    private void Record(RecordedChatRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_requests.Count < _waiters[i].Count)
                    continue;
                _waiters[i].Signal.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private static RecordedChatRequest Parse(string path, string authorization, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = new List<RecordedChatMessage>();
        if (root.TryGetProperty("messages", out var list))
        {
            foreach (var message in list.EnumerateArray())
                messages.Add(new RecordedChatMessage(message.GetProperty("role").GetString()!, ContentText(message)));
        }

        return new RecordedChatRequest(
            path,
            string.IsNullOrEmpty(authorization) ? null : authorization,
            root.TryGetProperty("model", out var model) ? model.GetString() : null,
            messages,
            OptionalInt(root, "max_completion_tokens"),
            OptionalInt(root, "max_tokens"),
            root.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number ? temperature.GetDouble() : null,
            root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            body);
    }

    /// <summary>Content is either a string or an array of parts; only text parts are kept.</summary>
    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
            return string.Empty;
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            return string.Empty;
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text", out var partText))
                text.Append(partText.GetString());
        }

        return text.ToString();
    }

    private static int? OptionalInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private enum ScriptedKind
    {
        Reply,
        Fail,
        Hang,
        Malformed,
    }

    private sealed record ScriptedReply(ScriptedKind Kind, int StatusCode, string? Text);
}
