using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.TestSupport;

/// <summary>Requests to <c>/v1/chat/completions</c> as an OpenAI client sends them, and what the cache header and stream say.</summary>
internal static class ChatCompletionsCalls
{
    public static HttpRequestMessage Post(object body, bool noCache = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        if (noCache)
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        return request;
    }

    public static string CacheOf(HttpResponseMessage response) => response.Headers.GetValues(ExactCacheStatus.HeaderName).Single();

    /// <summary>A streamed request: the cache header, how many pieces carried text, and the text they add up to.</summary>
    public static async Task<(string Cache, int Pieces, string Text)> StreamAsync(HttpClient client, object body)
    {
        using var request = Post(body);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        var pieces = 0;
        foreach (var e in events[..^1])
        {
            var content = (string?)JsonNode.Parse(e["data: ".Length..])!["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"];
            if (string.IsNullOrEmpty(content))
                continue;
            pieces++;
            text.Append(content);
        }

        return (CacheOf(response), pieces, text.ToString());
    }
}
