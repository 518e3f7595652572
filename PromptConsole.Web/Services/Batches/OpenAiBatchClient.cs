using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Web.Services.Batches;

/// <summary>A provider batch as the provider reports it.</summary>
public sealed record ProviderBatchInfo(string Id, string Status, string? OutputFileId, string? ErrorFileId, string? ErrorSummary)
{
    /// <summary>The provider has finished with it one way or another; its output and error files are final.</summary>
    public bool IsTerminal => Status is "completed" or "failed" or "expired" or "cancelled";
}

/// <summary>One line of a provider batch's output or error file, by the custom id it was sent with.</summary>
public sealed record ProviderBatchResult(string CustomId, int StatusCode, string? Text, string? Model, int InputTokens, int OutputTokens, string? ErrorType, string? ErrorMessage)
{
    public bool Succeeded => StatusCode is >= 200 and < 300 && Text is not null;
}

/// <summary>
/// The OpenAI Files and Batch APIs over plain HTTP with the provider's base URL and key. The OpenAI .NET SDK's
/// batch client is experimental (OPENAI001) and protocol-level only (raw JSON in and out), so it would add a
/// dependency on an unstable surface without typing anything; these five calls are small enough to own.
/// </summary>
public sealed class OpenAiBatchClient(IHttpClientFactory httpClients)
{
    /// <summary>The endpoint every line of the input file calls.</summary>
    public const string ChatCompletionsEndpoint = "/v1/chat/completions";

    public const string CompletionWindow = "24h";

    public async Task<string> UploadAsync(ProviderOptions provider, byte[] jsonl, string fileName, CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent("batch"), "purpose");
        var file = new ByteArrayContent(jsonl);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        content.Add(file, "file", fileName);
        using var request = Request(HttpMethod.Post, provider, "files", content);
        using var document = await SendAsync(request, cancellationToken);
        return document.RootElement.GetProperty("id").GetString() ?? throw new ProviderBatchCallException("The provider's file upload returned no id.");
    }

    public async Task<ProviderBatchInfo> CreateAsync(ProviderOptions provider, string inputFileId, string jobId, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("input_file_id", inputFileId);
            writer.WriteString("endpoint", ChatCompletionsEndpoint);
            writer.WriteString("completion_window", CompletionWindow);
            writer.WriteStartObject("metadata");
            writer.WriteString("promptconsole_batch", jobId);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var request = Request(HttpMethod.Post, provider, "batches", Json(body.ToArray()));
        using var document = await SendAsync(request, cancellationToken);
        return ReadBatch(document.RootElement);
    }

    public async Task<ProviderBatchInfo> GetAsync(ProviderOptions provider, string batchId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, provider, $"batches/{Uri.EscapeDataString(batchId)}", null);
        using var document = await SendAsync(request, cancellationToken);
        return ReadBatch(document.RootElement);
    }

    public async Task CancelAsync(ProviderOptions provider, string batchId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, provider, $"batches/{Uri.EscapeDataString(batchId)}/cancel", Json("{}"u8.ToArray()));
        using var document = await SendAsync(request, cancellationToken);
    }

    /// <summary>The lines of an output or error file, parsed; lines that cannot be read are skipped (their items end as failed).</summary>
    public async Task<IReadOnlyList<ProviderBatchResult>> DownloadResultsAsync(ProviderOptions provider, string fileId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, provider, $"files/{Uri.EscapeDataString(fileId)}/content", null);
        using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var results = new List<ProviderBatchResult>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (ReadResult(document.RootElement) is { } result)
                    results.Add(result);
            }
            catch (JsonException)
            {
                // A malformed line: the item it was for is reported as having no answer.
            }
        }

        return results;
    }

    private static ProviderBatchResult? ReadResult(JsonElement line)
    {
        if (!line.TryGetProperty("custom_id", out var customId) || customId.GetString() is not { } id)
            return null;
        if (line.TryGetProperty("error", out var lineError) && lineError.ValueKind == JsonValueKind.Object)
            return new ProviderBatchResult(id, 0, null, null, 0, 0, Text(lineError, "code") ?? "provider_error", Text(lineError, "message"));
        if (!line.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
            return new ProviderBatchResult(id, 0, null, null, 0, 0, "provider_error", "The line has neither a response nor an error.");

        var statusCode = response.TryGetProperty("status_code", out var code) && code.TryGetInt32(out var parsed) ? parsed : 0;
        if (!response.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            return new ProviderBatchResult(id, statusCode, null, null, 0, 0, "provider_error", "The response has no body.");
        if (body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            return new ProviderBatchResult(id, statusCode, null, null, 0, 0, Text(error, "type") ?? "provider_error", Text(error, "message"));

        string? text = null;
        if (body.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            && choices[0].TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content))
            text = content.ValueKind == JsonValueKind.String ? content.GetString() : null;
        var input = 0;
        var output = 0;
        if (body.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            input = usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt32(out var pv) ? pv : 0;
            output = usage.TryGetProperty("completion_tokens", out var c) && c.TryGetInt32(out var cv) ? cv : 0;
        }

        return text is null
            ? new ProviderBatchResult(id, statusCode, null, Text(body, "model"), input, output, "provider_error", "The response has no answer text.")
            : new ProviderBatchResult(id, statusCode, text, Text(body, "model"), input, output, null, null);
    }

    private static ProviderBatchInfo ReadBatch(JsonElement batch)
    {
        string? summary = null;
        if (batch.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            summary = string.Join("; ", data.EnumerateArray().Select(e => Text(e, "message")).Where(m => m is not null).Take(5));
        return new ProviderBatchInfo(
            Text(batch, "id") ?? throw new ProviderBatchCallException("The provider's batch has no id."),
            Text(batch, "status") ?? "unknown",
            Text(batch, "output_file_id"),
            Text(batch, "error_file_id"),
            string.IsNullOrEmpty(summary) ? null : summary);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private HttpClient Client() => httpClients.CreateClient(ProviderChatClients.HttpClientName);

    private static HttpRequestMessage Request(HttpMethod method, ProviderOptions provider, string path, HttpContent? content)
    {
        var baseUrl = (provider.BaseUrl ?? throw new ProviderBatchCallException("The provider has no BaseUrl.")).TrimEnd('/');
        var request = new HttpRequestMessage(method, $"{baseUrl}/{path}") { Content = content };
        var key = !string.IsNullOrEmpty(provider.ApiKey) || string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable)
            ? provider.ApiKey
            : Environment.GetEnvironmentVariable(provider.ApiKeyEnvironmentVariable);
        if (!string.IsNullOrEmpty(key))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await Client().SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ProviderBatchCallException($"The provider answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(body.Length > 300 ? body[..300] : body)}");
    }
}

/// <summary>A provider Files/Batch API call that failed; the job is tried again at its next poll.</summary>
public sealed class ProviderBatchCallException(string message) : Exception(message);
