using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Access;

/// <summary>
/// Every endpoint the application maps, read from its endpoint list, so one added later is checked without anyone
/// remembering to: anonymous callers get 401 (API) or the sign-in redirect (pages); a caller one step below what the
/// endpoint needs gets 403; the caller it needs gets past authorization. What each endpoint needs is written here,
/// independently of the product's convention, as the rule the issue states: read = Viewer, change = Operator, users,
/// keys and channel changes = Admin, execution and evaluation = key scopes.
/// </summary>
public sealed partial class EndpointAuthorizationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PromptConsoleFactory _factory = new();
    private HttpClient _admin = default!;
    private readonly Dictionary<Need, HttpClient> _below = [];
    private readonly Dictionary<Need, HttpClient> _exactly = [];

    private enum Need
    {
        Viewer,
        Operator,
        Admin,
        Execute,
        Evaluate,
        SignedIn,
        /// <summary>Batch jobs: an execute key, or a person with the role the convention asks (Viewer to read, Operator to change).</summary>
        ExecuteOrViewer,
        ExecuteOrOperator,
    }

    /// <summary>Open on purpose: probes, the sign-in round trip, static files, the OpenAPI document and /metrics (bearer-protected by configuration).</summary>
    private static readonly Regex Open = OpenPaths();

    public async Task InitializeAsync()
    {
        _admin = _factory.CreateClient();
        var viewer = await AccessTestKeys.CreateAsync(_admin, "viewer", ["manage"], "Viewer");
        var @operator = await AccessTestKeys.CreateAsync(_admin, "operator", ["manage"], "Operator");
        var admin = await AccessTestKeys.CreateAsync(_admin, "admin", ["manage"], "Admin");
        var execute = await AccessTestKeys.CreateAsync(_admin, "execute", ["execute"]);
        var evaluate = await AccessTestKeys.CreateAsync(_admin, "evaluate", ["evaluate"]);
        HttpClient Key(string key) => _factory.CreateClientWithKey(key);

        _below[Need.Viewer] = Key(execute);
        _below[Need.Operator] = Key(viewer);
        _below[Need.Admin] = Key(@operator);
        _below[Need.Execute] = Key(viewer);
        _below[Need.Evaluate] = Key(execute);
        _exactly[Need.Viewer] = Key(viewer);
        _exactly[Need.Operator] = Key(@operator);
        _exactly[Need.Admin] = Key(admin);
        _exactly[Need.Execute] = Key(execute);
        _exactly[Need.Evaluate] = Key(evaluate);
        _exactly[Need.SignedIn] = Key(evaluate);
        _below[Need.ExecuteOrViewer] = Key(evaluate);
        _below[Need.ExecuteOrOperator] = Key(viewer);
        _exactly[Need.ExecuteOrViewer] = Key(execute);
        _exactly[Need.ExecuteOrOperator] = Key(execute);
    }

    [Fact]
    public async Task Every_api_endpoint_refuses_anonymous_and_the_role_below_it_and_admits_the_role_it_needs()
    {
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count > 80, $"Only {endpoints.Count} API endpoints were found; the endpoint list was not read.");
        using var anonymous = _factory.CreateAnonymousClient();
        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var path = Fill(pattern);
            var need = Needs(method, pattern);

            using (var response = await SendAsync(anonymous, method, path))
            {
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    failures.Add($"{method} {pattern}: anonymous got {(int)response.StatusCode}, not 401");
                else if (!response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                    failures.Add($"{method} {pattern}: the 401 has no 'WWW-Authenticate: Bearer'");
            }

            if (_below.TryGetValue(need, out var below))
            {
                using var response = await SendAsync(below, method, path);
                if (response.StatusCode != HttpStatusCode.Forbidden)
                    failures.Add($"{method} {pattern}: a caller below {need} got {(int)response.StatusCode}, not 403");
            }

            using (var response = await SendAsync(_exactly[need], method, path))
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    failures.Add($"{method} {pattern}: a {need} caller got {(int)response.StatusCode} ({await response.Content.ReadAsStringAsync()})");
            }
        }

        output.WriteLine($"{endpoints.Count} API endpoints checked, each as anonymous, below its need and with its need.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Everything_else_that_is_open_is_a_probe_the_sign_in_round_trip_or_a_static_file()
    {
        var unexpected = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => Normalize(e.RoutePattern.RawText))
            .Where(p => !IsApi(p) && !Open.IsMatch(p) && !StaticFile().IsMatch(p))
            .Distinct()
            .ToList();
        Assert.True(unexpected.Count == 0, "Open endpoints nobody meant to open: " + string.Join(", ", unexpected));
    }

    [Fact]
    public async Task Every_console_page_sends_the_signed_out_to_sign_in()
    {
        var pages = Pages();
        Assert.True(pages.Count > 15, $"Only {pages.Count} pages were found.");
        using var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Authorization = null;
        var failures = new List<string>();
        foreach (var (pattern, open) in pages)
        {
            using var response = await anonymous.GetAsync(Fill(pattern));
            var location = response.Headers.Location?.ToString() ?? string.Empty;
            if (open && response.StatusCode != HttpStatusCode.OK)
                failures.Add($"{pattern}: the open page answered {(int)response.StatusCode}");
            if (!open && (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/account/sign-in", StringComparison.Ordinal)))
                failures.Add($"{pattern}: a signed-out browser got {(int)response.StatusCode} {location}, not a redirect to sign-in");
        }

        output.WriteLine($"{pages.Count} pages checked signed out.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Admin_pages_send_a_viewer_to_access_denied_and_show_for_an_admin()
    {
        var created = await _admin.PostJsonAsync("/api/v1/users", new { email = "viewer@promptconsole.test", password = "viewer-password-12", role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        using var viewer = await ConsoleSignIn.SignInAsync(_factory, "viewer@promptconsole.test", "viewer-password-12");
        using var admin = await ConsoleSignIn.SignInAsync(_factory, PromptConsoleFactory.AdminEmail, PromptConsoleFactory.AdminPassword);
        foreach (var (pattern, _) in Pages().Where(p => p.Pattern.StartsWith("/admin", StringComparison.Ordinal)))
        {
            using var denied = await viewer.GetAsync(pattern);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/account/access-denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
            using var shown = await admin.GetAsync(pattern);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        }

        using var overview = await viewer.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    private static Need Needs(string method, string pattern)
    {
        if (pattern is "/api/v1/prompts/{key}/execute" or "/api/v1/executions/{id}/feedback" or "/api/v1/executions/{id}/scores"
            || pattern.StartsWith("/v1/", StringComparison.Ordinal))
            return Need.Execute;
        if (pattern == "/api/v1/flags/{key}/evaluate")
            return Need.Evaluate;
        if (pattern is "/api/v1/prompts/{key}/batches" || pattern.StartsWith("/api/v1/batches", StringComparison.Ordinal))
            return method == "GET" ? Need.ExecuteOrViewer : Need.ExecuteOrOperator;
        if (pattern == "/api/v1/me")
            return Need.SignedIn;
        if (pattern.StartsWith("/api/v1/keys", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/users", StringComparison.Ordinal))
            return Need.Admin;
        if (pattern.StartsWith("/api/v1/channels", StringComparison.Ordinal) && method != "GET")
            return Need.Admin;
        return method == "GET" ? Need.Viewer : Need.Operator;
    }

    private List<(string Method, string Pattern)> ApiEndpoints() =>
        _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: Normalize(e.RoutePattern.RawText))))
            .Where(e => IsApi(e.Pattern))
            .Distinct()
            .ToList();

    private static bool IsApi(string pattern) =>
        pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/v1/", StringComparison.Ordinal);

    private List<(string Pattern, bool Open)> Pages() =>
        _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => (Pattern: Normalize(e.RoutePattern.RawText), Open: e.Metadata.GetMetadata<IAllowAnonymous>() is not null))
            .Distinct()
            .ToList();

    private static string Normalize(string? raw) => "/" + (raw ?? string.Empty).TrimStart('/');

    /// <summary>Route values that satisfy the constraints; what they name does not exist (authorization comes first).</summary>
    private static string Fill(string pattern) => RouteParameter().Replace(pattern, match => match.Groups["constraint"].Value switch
    {
        "guid" => "0190c5d2-0000-7000-8000-000000000001",
        "int" => "1",
        _ => "missing-thing",
    });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    public Task DisposeAsync()
    {
        foreach (var client in _below.Values.Concat(_exactly.Values).Distinct())
            client.Dispose();
        _admin.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{(?<name>[^}:?]+)(:(?<constraint>[^}?]+))?\??\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"^/(\{\*\*path:file\}|.*\.(css|js|svg|png|ico|woff2?|ttf|map|json|wasm|txt)(\.gz|\.br)?)$")]
    private static partial Regex StaticFile();

    [GeneratedRegex(@"^/(healthz|readyz|metrics|openapi/.*|account/.*|signin-oidc)$")]
    private static partial Regex OpenPaths();
}
