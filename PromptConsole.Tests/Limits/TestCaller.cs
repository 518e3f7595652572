using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// Test-only stand-in for API-key authentication (which lands separately): a header
/// <c>X-Test-Caller: key=k1;tenant=acme;rps=10;tpm=100;budget=0.5</c> becomes the request's principal with the
/// API-key claims (<see cref="UsageClaims"/>). Without the header the request stays anonymous, like the master key:
/// unlimited. Lives in the tests project only.
/// </summary>
public static class TestCaller
{
    public const string Header = "X-Test-Caller";

    public static PromptConsoleFactory WithTestCallers(this PromptConsoleFactory factory) =>
        factory.WithServices(services => services.AddTransient<IStartupFilter, ClaimsFromHeader>());

    public static string Of(string key, string? tenant = null, int? rps = null, int? tpm = null, decimal? budget = null)
    {
        var parts = new List<string> { "key=" + key };
        if (tenant is not null)
            parts.Add("tenant=" + tenant);
        if (rps is not null)
            parts.Add(FormattableString.Invariant($"rps={rps}"));
        if (tpm is not null)
            parts.Add(FormattableString.Invariant($"tpm={tpm}"));
        if (budget is not null)
            parts.Add(FormattableString.Invariant($"budget={budget}"));
        return string.Join(';', parts);
    }

    public static HttpRequestMessage Execute(string prompt, string caller) => new(HttpMethod.Post, $"/api/v1/prompts/{prompt}/execute")
    {
        Content = System.Net.Http.Json.JsonContent.Create(new { variables = new { name = "Ada" } }),
        Headers = { { Header, caller } },
    };

    private sealed class ClaimsFromHeader : IStartupFilter
    {
        private static readonly Dictionary<string, string> ClaimTypes = new(StringComparer.Ordinal)
        {
            ["key"] = UsageClaims.KeyId,
            ["tenant"] = UsageClaims.Tenant,
            ["rps"] = UsageClaims.RequestsPerSecond,
            ["tpm"] = UsageClaims.TokensPerMinute,
            ["budget"] = UsageClaims.MonthlyBudgetUsd,
        };

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Headers[Header].ToString() is { Length: > 0 } value)
                {
                    var claims = value.Split(';', StringSplitOptions.RemoveEmptyEntries)
                        .Select(part => part.Split('=', 2))
                        .Select(pair => new Claim(ClaimTypes[pair[0]], pair[1]));
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test-api-key"));
                }

                await following(context);
            });
            next(app);
        };
    }
}
