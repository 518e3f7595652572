namespace PromptConsole.Web.Infrastructure.Privacy;

/// <summary>A random value generated once per installation and shared by all its instances through the database.</summary>
public sealed class InstallationSecret
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Base64.</summary>
    public string Value { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
