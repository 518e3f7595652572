using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PromptConsole.Bench;

/// <summary>
/// A zero-latency OpenAI-compatible endpoint on loopback: <c>POST /v1/chat/completions</c> answers
/// with fixed, pre-serialized bytes, so whatever time a request spends is the caller's and Kestrel's.
/// It counts calls, which lets the runner check that every gateway request really reached the provider.
/// </summary>
internal sealed class StubModelServer : IAsyncDisposable
{
    private static readonly byte[] CompletionBody =
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"stub-model","choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}"""u8.ToArray();

    // Streaming callers get the same answer as server-sent events, usage in the last chunk.
    private static readonly byte[] StreamBody =
        """
        data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"stub-model","choices":[{"index":0,"delta":{"role":"assistant","content":"42"},"finish_reason":null}]}

        data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"stub-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}

        data: [DONE]


        """u8.ToArray();

    private static readonly byte[] StreamFlag = "\"stream\":true"u8.ToArray();
    private static readonly byte[] SpacedStreamFlag = "\"stream\": true"u8.ToArray();

    private WebApplication? _app;
    private Uri? _baseUri;
    private long _completionCalls;
    private long _otherCalls;

    private StubModelServer()
    {
    }

    /// <summary>Root of the server, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The stub is not started.");

    public Uri CompletionsUri => new(BaseUri, "v1/chat/completions");

    public long CompletionCalls => Interlocked.Read(ref _completionCalls);

    public long OtherCalls => Interlocked.Read(ref _otherCalls);

    public static async Task<StubModelServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new StubModelServer();
        (server._app, server._baseUri) = await LoopbackKestrel.StartAsync(server.HandleAsync, cancellationToken);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/v1/chat/completions")
        {
            Interlocked.Increment(ref _otherCalls);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _completionCalls);
        bool stream = await ReadBodyAndFindStreamFlagAsync(context.Request);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        byte[] body = stream ? StreamBody : CompletionBody;
        response.ContentType = stream ? "text/event-stream" : "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<bool> ReadBodyAndFindStreamFlagAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                bool stream = ContainsStreamFlag(read.Buffer);
                reader.AdvanceTo(read.Buffer.End);
                return stream;
            }

            // Keep everything buffered until the body is complete; bodies here are a few hundred bytes.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static bool ContainsStreamFlag(ReadOnlySequence<byte> body)
    {
        ReadOnlySpan<byte> bytes = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        return bytes.IndexOf(StreamFlag) >= 0 || bytes.IndexOf(SpacedStreamFlag) >= 0;
    }

    public ValueTask DisposeAsync() => _app is null ? ValueTask.CompletedTask : LoopbackKestrel.StopAsync(_app);
}
