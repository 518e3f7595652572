using Microsoft.Net.Http.Headers;

namespace PromptConsole.Web.Api;

/// <summary>Reads a request's <c>Cache-Control</c>: <c>no-cache</c> asks for a fresh answer (the exact cache is not read).</summary>
public static class CacheControl
{
    public static bool AsksForFreshAnswer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.CacheControl;
        if (values.Count == 0)
            return false;
        return CacheControlHeaderValue.TryParse(values.ToString(), out var parsed) && parsed is { NoCache: true };
    }
}
