using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>Section <c>PromptConsole:Auth</c>: who may sign in and call, and what is protected.</summary>
public sealed class AuthOptions
{
    public const string Section = "PromptConsole:Auth";

    /// <summary>
    /// Accepted as <c>Authorization: Bearer</c> on every API with every scope (like LiteLLM's master key), for
    /// automation and first setup. Absent by default; set it through the environment
    /// (<c>PromptConsole__Auth__MasterKey</c>) or a secret store, never in a committed file.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>When set, <c>/metrics</c> answers only <c>Authorization: Bearer</c> with this token (Prometheus' <c>authorization</c> block).</summary>
    public string? MetricsBearerToken { get; set; }

    /// <summary>Labels only Admins may deploy to or roll back.</summary>
    public string[] ProtectedLabels { get; set; } = [.. ConsolePermissions.DefaultProtectedLabels];

    /// <summary>Created on an empty user table at start (configuration or environment); no password is ever built in.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    /// <summary>
    /// In Development only: create a local admin with a fresh random password at every start and show it on the
    /// sign-in page, so the README's run command shows something at once. Never outside Development.
    /// </summary>
    public bool DevelopmentLocalAdmin { get; set; } = true;

    public OidcOptions Oidc { get; set; } = new();

    /// <summary>How long the console's sign-in lasts without activity.</summary>
    public int SessionHours { get; set; } = 12;
}

public sealed class InitialAdminOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

/// <summary>Optional single sign-on through an OpenID Connect provider (Entra ID, Okta, Keycloak, Google…).</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Shown on the sign-in button.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The role of someone who signs in through the provider for the first time; Admins change it on the users page.</summary>
    public string DefaultRole { get; set; } = ConsoleRoles.Viewer;

    /// <summary>Off only for a provider inside a test or a lab without TLS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
