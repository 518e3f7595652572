using System.Diagnostics;
using System.Text.Json.Nodes;
using PromptConsole.Tests.Telemetry;

namespace PromptConsole.Tests.Deploy;

/// <summary>
/// The Debian tools that check <c>deploy/</c> offline (scripts/test.sh installs them). As with promtool, a missing
/// tool fails the test that needs it, with the install command in the message, rather than skipping it.
/// </summary>
public static class DeployTools
{
    public const string DockerCompose = "/usr/bin/docker-compose";
    public const string Yamllint = "/usr/bin/yamllint";
    public const string Nginx = "/usr/sbin/nginx";
    public const string Python = "/usr/bin/python3";

    /// <summary>The kubectl to use: <c>PROMPTCONSOLE_TEST_KUBECTL</c> when set, else the one on the machine.</summary>
    public static string Kubectl =>
        Environment.GetEnvironmentVariable("PROMPTCONSOLE_TEST_KUBECTL") is { Length: > 0 } path ? path : "/usr/bin/kubectl";

    public static string Root => PrometheusTools.RepositoryRoot();

    public static string DeployPath(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing. Install Debian's {package}: apt-get update && DEBIAN_FRONTEND=noninteractive " +
                $"apt-get install -y {package} — or run scripts/test.sh, which does.");
        }

        return path;
    }

    /// <summary>Runs a tool in the repository root; returns its exit code, standard output and standard error.</summary>
    public static async Task<ToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within 120 s.");
        }

        return new ToolResult(process.ExitCode, await output, await error, $"{tool} {string.Join(' ', start.ArgumentList)}");
    }

    /// <summary>
    /// YAML documents as JSON, read by Debian's python3-yaml (a dependency of yamllint and docker-compose, and the
    /// parser docker-compose itself uses): the tests assert on what the tools produced without a YAML package.
    /// </summary>
    public static async Task<JsonArray> YamlDocumentsAsync(string yaml)
    {
        Require(Python, "python3-yaml");
        var result = await RunAsync(Python, ["-c", "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(sys.stdin) if d is not None], sys.stdout)"], yaml);
        result.AssertSucceeded();
        return JsonNode.Parse(result.Output)!.AsArray();
    }

    public static async Task<JsonObject> YamlFileAsync(params string[] deployPath) =>
        (await YamlDocumentsAsync(await File.ReadAllTextAsync(DeployPath(deployPath)))).Single()!.AsObject();
}

public sealed record ToolResult(int ExitCode, string Output, string Error, string CommandLine)
{
    public void AssertSucceeded() =>
        Assert.True(ExitCode == 0, $"{CommandLine} exited {ExitCode}:\n{Output}\n{Error}");
}
