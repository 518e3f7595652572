using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Batches;

/// <summary>Helpers for the batch API: a prompt with one declared variable, JSONL uploads, waiting for a job, reading its results.</summary>
public static class BatchTestClient
{
    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A deployed prompt "Hello {{name}}." on <paramref name="model"/> with a required <c>name</c>.</summary>
    public static async Task<string> CreatePromptAsync(HttpClient client, string model = "sim-fast", string prefix = "batch")
    {
        var key = NewKey(prefix);
        await client.CreateDeployedPromptAsync(key, new { template = "Hello {{name}}.", model = new { model }, variables = new object[] { new { name = "name", required = true } } });
        return key;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostJsonLinesAsync(HttpClient client, string url, string jsonl, string mediaType = "application/jsonl")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(jsonl, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Polls the job until <paramref name="done"/> says so (default: it finished), failing after <paramref name="timeout"/>.</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient client, string id, Func<JsonNode, bool>? done = null, TimeSpan? timeout = null)
    {
        done ??= job => (string?)job["status"] is "completed" or "cancelled" or "failed";
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var (status, body, _) = await client.GetJsonAsync($"/api/v1/batches/{id}");
            Assert.Equal(HttpStatusCode.OK, status);
            if (done(body!))
                return body!;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Batch {id} did not get there in time: {body!.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static async Task<IReadOnlyList<JsonNode>> ResultsAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/v1/batches/{id}/results");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToArray();
    }

    public static string[] Fields(JsonNode problem) =>
        problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToArray();
}
