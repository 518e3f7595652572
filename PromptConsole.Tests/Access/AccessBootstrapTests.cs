using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Access;

namespace PromptConsole.Tests.Access;

/// <summary>How the first admin comes to be: the command, configuration on an empty database, and Development's labelled local admin.</summary>
public sealed class AccessBootstrapTests
{
    [Fact]
    public async Task The_create_admin_command_makes_an_admin_who_can_sign_in_and_resets_a_lost_password()
    {
        using var factory = new PromptConsoleFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CreateAdminCommand.RunAsync(factory.Services, ["create-admin", "--email", "ops@promptconsole.test", "--password", "first-password-long"], new StringReader(string.Empty), output, error);
        Assert.Equal(0, code);
        Assert.Contains("ops@promptconsole.test is an Admin", output.ToString(), StringComparison.Ordinal);
        using (var client = await ConsoleSignIn.SignInAsync(factory, "ops@promptconsole.test", "first-password-long"))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);

        // Run again for the same address: the way back in after a lost password (read from standard input here).
        code = await CreateAdminCommand.RunAsync(factory.Services, ["create-admin", "--email", "ops@promptconsole.test"], new StringReader("second-password-long\n"), output, error);
        Assert.Equal(0, code);
        using var again = await ConsoleSignIn.SignInAsync(factory, "ops@promptconsole.test", "second-password-long");
    }

    [Theory]
    [InlineData(new[] { "create-admin" }, 2)]
    [InlineData(new[] { "create-admin", "--email", "x@y.z", "--password", "short" }, 2)]
    public async Task The_command_refuses_without_an_address_or_with_a_short_password(string[] args, int expected)
    {
        using var factory = new PromptConsoleFactory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(expected, await CreateAdminCommand.RunAsync(factory.Services, args, new StringReader(string.Empty), output, error));
        Assert.NotEmpty(error.ToString());
    }

    [Fact]
    public async Task In_development_a_local_admin_gets_a_new_random_password_shown_on_the_sign_in_page()
    {
        using var factory = new PromptConsoleFactory();
        var bootstrapper = factory.Services.GetRequiredService<AccessBootstrapper>();
        var local = factory.Services.GetRequiredService<DevelopmentLocalAdmin>();
        Assert.False(local.IsActive);

        await bootstrapper.RunAsync(isDevelopment: true, CancellationToken.None);
        var first = local.Password!;
        Assert.Equal(20, first.Length);
        using var anonymous = factory.CreateAnonymousClient();
        Assert.Contains(first, await anonymous.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);
        using (await ConsoleSignIn.SignInAsync(factory, DevelopmentLocalAdmin.Email, first))
        {
        }

        await bootstrapper.RunAsync(isDevelopment: true, CancellationToken.None);
        Assert.NotEqual(first, local.Password);
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var old = await ConsoleSignIn.PostAsync(browser, DevelopmentLocalAdmin.Email, first);
        Assert.Contains("error=invalid", old.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_there_is_no_local_admin_and_no_password_on_the_page()
    {
        using var factory = new PromptConsoleFactory();
        using var anonymous = factory.CreateAnonymousClient();
        var page = await anonymous.GetStringAsync("/account/sign-in");
        Assert.DoesNotContain("local-admin", page, StringComparison.Ordinal);
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await ConsoleSignIn.PostAsync(browser, DevelopmentLocalAdmin.Email, "anything-at-all-here");
        Assert.Contains("error=invalid", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
