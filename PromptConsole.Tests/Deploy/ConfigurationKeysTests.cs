namespace PromptConsole.Tests.Deploy;

/// <summary>The checker the compose and Kubernetes tests use for environment variable names: it must refuse typos.</summary>
public sealed class ConfigurationKeysTests
{
    [Theory]
    [InlineData("section and property exist", "PromptConsole__Database__ConnectionString", true)]
    [InlineData("case-insensitive like the binder", "PromptConsole__redis__configuration", true)]
    [InlineData("longest section wins", "PromptConsole__MetricsStore__InstanceId", true)]
    [InlineData("root section (providers)", "PromptConsole__Models__sim-fast__Provider", true)]
    [InlineData("master key named by the issue", "PromptConsole__Auth__MasterKey", true)]
    [InlineData("host variable", "ASPNETCORE_ENVIRONMENT", true)]
    [InlineData("misspelt section", "PromptConsole__Databse__Provider", false)]
    [InlineData("misspelt property", "PromptConsole__Database__Provder", false)]
    [InlineData("single underscore", "PromptConsole_Database_Provider", false)]
    [InlineData("unknown auth setting", "PromptConsole__Auth__Password", false)]
    [InlineData("foreign variable", "DATABASE_URL", false)]
    public void Names_a_setting_the_app_reads(string because, string variable, bool reads)
    {
        var problem = ConfigurationKeys.Problem(variable);

        Assert.True(reads == problem is null, $"{because}: {variable} → {problem ?? "accepted"}");
    }
}
