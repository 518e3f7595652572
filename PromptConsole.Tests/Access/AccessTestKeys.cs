using System.Net;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Access;

/// <summary>Keys made through the real keys API with the master key, one per kind of caller a test needs.</summary>
public static class AccessTestKeys
{
    public static async Task<string> CreateAsync(HttpClient admin, string name, string[] scopes, string? role = null, string? tenant = null)
    {
        var created = await admin.PostJsonAsync("/api/v1/keys", new { name, scopes, role, tenant });
        if (created.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the key {name} failed: {created.Status} {created.Body}");
        return (string)created.Body!["secret"]!;
    }
}
