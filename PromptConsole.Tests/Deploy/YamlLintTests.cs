namespace PromptConsole.Tests.Deploy;

/// <summary>yamllint with the committed .yamllint over every YAML file of the repository (deploy/ and the config itself).</summary>
public sealed class YamlLintTests
{
    [Fact]
    public async Task Every_YAML_file_is_clean_under_the_committed_yamllint_config()
    {
        var config = Path.Combine(DeployTools.Root, ".yamllint");
        Assert.True(File.Exists(config), $"{config} is missing.");

        var result = await DeployTools.RunAsync(
            DeployTools.Require(DeployTools.Yamllint, "yamllint"), ["--strict", "-c", config, "-f", "parsable", "."]);

        result.AssertSucceeded();
        Assert.Equal("", result.Output.Trim());
    }

    [Fact]
    public async Task Yamllint_checks_every_deploy_file()
    {
        // A lint run that found no file would be silent too: the files it checks must include all of deploy/.
        var files = Directory.EnumerateFiles(DeployTools.DeployPath(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(DeployTools.Root, f))
            .ToArray();

        var result = await DeployTools.RunAsync(
            DeployTools.Require(DeployTools.Yamllint, "yamllint"), ["--list-files", "-c", Path.Combine(DeployTools.Root, ".yamllint"), "."]);

        result.AssertSucceeded();
        var listed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Path.GetRelativePath(DeployTools.Root, Path.GetFullPath(l.Trim(), DeployTools.Root)));
        Assert.True(files.Length >= 13, $"Only {files.Length} YAML files under deploy/.");
        Assert.Empty(files.Except(listed));
    }
}
