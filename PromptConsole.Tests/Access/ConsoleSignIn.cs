using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Access;

/// <summary>Signs in through the real sign-in form (antiforgery token included) and returns a client holding the cookie.</summary>
public static partial class ConsoleSignIn
{
    public static async Task<HttpClient> SignInAsync(PromptConsoleFactory factory, string email, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Authorization = null;
        var response = await PostAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location!.ToString().Contains("error=", StringComparison.Ordinal))
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    /// <summary>Posts the form as a browser would: the page first (for its antiforgery token), then the fields.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/account/sign-in");
        var token = Token().Match(page);
        if (!token.Success)
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });
        return await client.PostAsync("/account/sign-in", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex Token();
}
