using PromptConsole.Tests.Components.Fakes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>
/// The canary pages in the real composition root (the console's registrations, the real layout, prerendering),
/// with the canary service and automatic rollbacks faked: every page answers and the canary page renders its gates.
/// </summary>
public class CanaryPagesHostTests
{
    [Fact]
    public async Task The_canary_pages_prerender_in_the_real_host()
    {
        await using var factory = new PromptConsoleFactory();
        var fake = new FakeCanaryService();
        fake.Add(CanaryFixtures.Running(), CanaryFixtures.Series());
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<ICanaryService>(fake);
            s.AddSingleton<IAutomaticRollbacks>(new FakeAutomaticRollbacks());
        }));
        var client = app.CreateClient();
        foreach (var path in new[] { "/", "/canaries", $"/canaries/{CanaryFixtures.Key}", "/canaries/nope", "/prompts", "/prompts/greeting?tab=incidents" })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, path + " " + response.StatusCode + body[..Math.Min(3000, body.Length)]);
        }
        var page = await client.GetStringAsync($"/canaries/{CanaryFixtures.Key}");
        Assert.Contains("canary-gates", page, StringComparison.Ordinal);
    }
}
