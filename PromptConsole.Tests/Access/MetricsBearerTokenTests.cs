using System.Net;
using System.Net.Http.Headers;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Access;

public sealed class MetricsBearerTokenTests
{
    [Fact]
    public async Task With_a_metrics_token_only_that_bearer_gets_the_scrape()
    {
        using var factory = new PromptConsoleFactory().WithSetting("PromptConsole:Auth:MetricsBearerToken", "scrape-token-123");
        using var client = factory.CreateAnonymousClient();
        var refused = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);

        // Not even the master key: the scrape token is its own credential.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PromptConsoleFactory.MasterKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-token-123");
        var scraped = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("promptconsole_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
