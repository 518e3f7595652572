using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Data Protection keys live in the shared database, so an operator signed in on one instance stays signed in when
/// the proxy sends the next request to another: instance B reads instance A's cookie.
/// </summary>
public sealed partial class SharedSignInTests
{
    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_the_other()
    {
        using var fleet = FleetInstances.Start(redis: null);
        using var onA = fleet.A.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        onA.DefaultRequestHeaders.Authorization = null;

        using var page = await onA.GetAsync("/account/sign-in");
        var antiforgeryCookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = WebUtility.HtmlDecode(Token().Match(await page.Content.ReadAsStringAsync()).Groups["value"].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["email"] = PromptConsoleFactory.AdminEmail,
                ["password"] = PromptConsoleFactory.AdminPassword,
                ["returnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await onA.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".PromptConsole.Session=", StringComparison.Ordinal)).Split(';')[0];

        using var onB = fleet.B.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        onB.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
        request.Headers.Add("Cookie", session);
        using var answered = await onB.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        using var without = await onB.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, without.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Token();
}
