using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PromptConsole.Tests.TestSupport;

/// <summary>A batch the fake server holds: its input file, how often it was polled, and its output once finished.</summary>
public sealed record FakeBatch(string Id, string InputFileId, string Endpoint, string CompletionWindow, string? MetadataJobId)
{
    public string Status { get; set; } = "validating";

    public int Polls { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }
}

/// <summary>
/// The OpenAI Files and Batch APIs, enough for provider-batch jobs: <c>POST /v1/files</c> (multipart, purpose=batch),
/// <c>GET /v1/files/{id}/content</c>, <c>POST /v1/batches</c>, <c>GET /v1/batches/{id}</c> and <c>POST /v1/batches/{id}/cancel</c>.
/// A batch reports <c>validating</c>, then <c>in_progress</c> for <see cref="BatchPollsInProgress"/> polls, then <c>completed</c>
/// with an output file answering every line as a chat completion would (<see cref="Reply"/>); lines whose custom id
/// <see cref="BatchLineFails"/> picks go to the error file instead.
/// </summary>
public sealed partial class FakeOpenAiServer
{
    private readonly ConcurrentDictionary<string, (string Purpose, string FileName, string Content)> _files = new();
    private readonly ConcurrentDictionary<string, FakeBatch> _batches = new();
    private int _fileCounter;
    private int _batchCounter;

    public int BatchPollsInProgress { get; set; } = 1;

    public Func<string, bool> BatchLineFails { get; set; } = _ => false;

    public IReadOnlyCollection<FakeBatch> Batches => _batches.Values.ToArray();

    /// <summary>The content of an uploaded file (the JSONL a provider-batch job sent).</summary>
    public string? FileContent(string fileId) => _files.TryGetValue(fileId, out var file) ? file.Content : null;

    private async Task<bool> TryHandleBatchApiAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[0] != "v1" || segments[1] is not ("files" or "batches"))
            return false;

        if (segments[1] == "files" && HttpMethods.IsPost(method) && segments.Length == 2)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var upload = form.Files.GetFile("file");
            if (upload is null || form["purpose"] != "batch")
            {
                await WriteErrorAsync(context, 400, "A file and purpose=batch are required.");
                return true;
            }

            using var reader = new StreamReader(upload.OpenReadStream(), Encoding.UTF8);
            var content = await reader.ReadToEndAsync(context.RequestAborted);
            var id = $"file-fake-{Interlocked.Increment(ref _fileCounter)}";
            _files[id] = ("batch", upload.FileName, content);
            await WriteJsonAsync(context, new { id, @object = "file", bytes = content.Length, filename = upload.FileName, purpose = "batch" });
            return true;
        }

        if (segments[1] == "files" && HttpMethods.IsGet(method) && segments.Length == 4 && segments[3] == "content")
        {
            if (!_files.TryGetValue(segments[2], out var file))
            {
                await WriteErrorAsync(context, 404, "No such file.");
                return true;
            }

            context.Response.ContentType = "application/jsonl";
            await context.Response.WriteAsync(file.Content, context.RequestAborted);
            return true;
        }

        if (segments[1] == "batches" && HttpMethods.IsPost(method) && segments.Length == 2)
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = document.RootElement;
            var inputFileId = root.GetProperty("input_file_id").GetString()!;
            if (!_files.ContainsKey(inputFileId))
            {
                await WriteErrorAsync(context, 400, "Unknown input file.");
                return true;
            }

            var metadata = root.TryGetProperty("metadata", out var m) && m.TryGetProperty("promptconsole_batch", out var job) ? job.GetString() : null;
            var batch = new FakeBatch($"batch_fake_{Interlocked.Increment(ref _batchCounter)}", inputFileId, root.GetProperty("endpoint").GetString()!, root.GetProperty("completion_window").GetString()!, metadata);
            _batches[batch.Id] = batch;
            await WriteJsonAsync(context, BatchPayload(batch));
            return true;
        }

        if (segments[1] == "batches" && segments.Length >= 3 && _batches.TryGetValue(segments[2], out var existing))
        {
            if (HttpMethods.IsPost(method) && segments.Length == 4 && segments[3] == "cancel")
            {
                existing.Status = "cancelled";
                await WriteJsonAsync(context, BatchPayload(existing));
                return true;
            }

            if (HttpMethods.IsGet(method) && segments.Length == 3)
            {
                Advance(existing);
                await WriteJsonAsync(context, BatchPayload(existing));
                return true;
            }
        }

        await WriteErrorAsync(context, 404, "No such batch or route.");
        return true;
    }

    private void Advance(FakeBatch batch)
    {
        if (batch.Status is "completed" or "cancelled" or "failed" or "expired")
            return;
        batch.Polls++;
        if (batch.Polls <= BatchPollsInProgress)
        {
            batch.Status = "in_progress";
            return;
        }

        var output = new StringBuilder();
        var errors = new StringBuilder();
        var counter = 0;
        foreach (var line in _files[batch.InputFileId].Content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var customId = root.GetProperty("custom_id").GetString()!;
            var body = root.GetProperty("body");
            if (BatchLineFails(customId))
            {
                errors.AppendLine(JsonSerializer.Serialize(new
                {
                    id = $"batch_req_{++counter}",
                    custom_id = customId,
                    response = new { status_code = 400, request_id = "req", body = new { error = new { message = "Scripted batch line failure.", type = "invalid_request_error" } } },
                    error = (object?)null,
                }));
                continue;
            }

            var request = Parse("/v1/chat/completions", string.Empty, body.GetRawText());
            var model = ResponseModel ?? request.Model ?? "fake-model";
            output.AppendLine(JsonSerializer.Serialize(new
            {
                id = $"batch_req_{++counter}",
                custom_id = customId,
                response = new
                {
                    status_code = 200,
                    request_id = $"req_{counter}",
                    body = new
                    {
                        id = $"chatcmpl-batch-{counter}",
                        @object = "chat.completion",
                        created = 1_767_225_600,
                        model,
                        choices = new[] { new { index = 0, message = new { role = "assistant", content = Reply(request) }, finish_reason = "stop" } },
                        usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens },
                    },
                },
                error = (object?)null,
            }));
        }

        batch.OutputFileId = $"file-fake-{Interlocked.Increment(ref _fileCounter)}";
        _files[batch.OutputFileId] = ("batch_output", "output.jsonl", output.ToString());
        if (errors.Length > 0)
        {
            batch.ErrorFileId = $"file-fake-{Interlocked.Increment(ref _fileCounter)}";
            _files[batch.ErrorFileId] = ("batch_output", "errors.jsonl", errors.ToString());
        }

        batch.Status = "completed";
    }

    private static object BatchPayload(FakeBatch batch) => new
    {
        id = batch.Id,
        @object = "batch",
        endpoint = batch.Endpoint,
        input_file_id = batch.InputFileId,
        completion_window = batch.CompletionWindow,
        status = batch.Status,
        output_file_id = batch.OutputFileId,
        error_file_id = batch.ErrorFileId,
        created_at = 1_767_225_600,
        metadata = new { promptconsole_batch = batch.MetadataJobId },
    };

    private static async Task WriteJsonAsync(HttpContext context, object payload)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(payload), context.RequestAborted);
    }
}
