using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PromptConsole.Bench.Telemetry;

/// <summary>What an OTLP receiver has taken so far.</summary>
internal readonly record struct OtlpCounts(long Requests, long Bytes, long Spans, long Malformed)
{
    public static OtlpCounts operator -(OtlpCounts after, OtlpCounts before) =>
        new(after.Requests - before.Requests, after.Bytes - before.Bytes, after.Spans - before.Spans, after.Malformed - before.Malformed);
}

/// <summary>
/// An OTLP/HTTP trace receiver on loopback, as a collector would be: <c>POST /v1/traces</c> with a
/// protobuf <c>ExportTraceServiceRequest</c> is read in full, its spans are counted, and the answer is
/// 200 with an empty <c>ExportTraceServiceResponse</c> (a message with no fields is zero bytes).
/// The span count shows that the exporter really sent what the app traced. Metric exports
/// (<c>POST /v1/metrics</c>) are accepted and discarded.
/// </summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private const string ProtobufContentType = "application/x-protobuf";

    // A real collector refuses oversized exports too; the SDK batches at most 512 spans per request.
    private const int MaxRequestBytes = 32 * 1024 * 1024;

    /// <summary>ExportTraceServiceRequest.resource_spans (1) → ResourceSpans.scope_spans (2) → ScopeSpans.spans (2).</summary>
    private static readonly int[] SpanPath = [1, 2, 2];

    private WebApplication? _app;
    private Uri? _baseUri;
    private long _requests;
    private long _bytes;
    private long _spans;
    private long _malformed;

    private OtlpTraceReceiver()
    {
    }

    /// <summary>The address to configure as the app's OTLP endpoint, e.g. http://127.0.0.1:41235/.</summary>
    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The receiver is not started.");

    public OtlpCounts Counts => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _bytes), Interlocked.Read(ref _spans), Interlocked.Read(ref _malformed));

    public static async Task<OtlpTraceReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new OtlpTraceReceiver();
        (receiver._app, receiver._baseUri) = await LoopbackKestrel.StartAsync(receiver.HandleAsync, cancellationToken, MaxRequestBytes);
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        // The app exports its metrics to the same collector; they are taken (read and answered) but not counted.
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/v1/metrics")
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ProtobufContentType;
            context.Response.ContentLength = 0;
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/v1/traces")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, body.Length);

        long? spans = CountSpans(body, context.Request.Headers.ContentEncoding.ToString());
        if (spans is { } count)
        {
            Interlocked.Add(ref _spans, count);
        }
        else
        {
            Interlocked.Increment(ref _malformed);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ProtobufContentType;
        context.Response.ContentLength = 0;
    }

    private static long? CountSpans(MemoryStream body, string contentEncoding)
    {
        try
        {
            byte[] message = body.ToArray();
            if (contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                using var gzip = new GZipStream(new MemoryStream(message), CompressionMode.Decompress);
                using var inflated = new MemoryStream();
                gzip.CopyTo(inflated);
                message = inflated.ToArray();
            }

            return ProtobufFieldCounter.CountNested(message, SpanPath);
        }
        catch (Exception exception) when (exception is InvalidDataException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => _app is null ? ValueTask.CompletedTask : LoopbackKestrel.StopAsync(_app);
}

/// <summary>Walks the protobuf wire format far enough to count nested length-delimited fields; no schema needed.</summary>
internal static class ProtobufFieldCounter
{
    /// <summary>
    /// How many messages sit at <paramref name="fieldPath"/> below <paramref name="message"/>: with
    /// path [1, 2, 2], every field 2 inside every field 2 inside every field 1. Throws
    /// <see cref="InvalidDataException"/> (or an out-of-range exception) on malformed input.
    /// </summary>
    public static long CountNested(ReadOnlySpan<byte> message, ReadOnlySpan<int> fieldPath)
    {
        if (fieldPath.IsEmpty)
        {
            return 1;
        }

        long count = 0;
        int position = 0;
        while (position < message.Length)
        {
            ulong tag = ReadVarint(message, ref position);
            int fieldNumber = checked((int)(tag >> 3));
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position = Skip(message, position, 8);
                    break;
                case 5:
                    position = Skip(message, position, 4);
                    break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref position));
                    var field = message.Slice(position, length);
                    position += length;
                    if (fieldNumber == fieldPath[0])
                    {
                        count += CountNested(field, fieldPath[1..]);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }

        return count;
    }

    private static int Skip(ReadOnlySpan<byte> message, int position, int length) =>
        position + length <= message.Length ? position + length : throw new InvalidDataException("Truncated fixed-width field.");

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw new InvalidDataException("Truncated varint.");
            }

            byte next = message[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Varint longer than 10 bytes.");
    }
}
