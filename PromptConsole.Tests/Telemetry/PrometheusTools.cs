using System.Diagnostics;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// The Debian <c>prometheus</c> package's binaries (scripts/test.sh installs it). Their absence
/// fails the tests that need them, with the fix in the message, rather than skipping them.
/// </summary>
public static class PrometheusTools
{
    public const string PromtoolPath = "/usr/bin/promtool";

    public const string PrometheusPath = "/usr/bin/prometheus";

    public static string Require(string path)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing. Install Debian's Prometheus (it ships promtool): " +
                "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus — or run scripts/test.sh, which does.");
        }

        return path;
    }

    /// <summary>Runs promtool with <paramref name="stdin"/> piped in; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(PromtoolPath))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return (process.ExitCode, (await output) + (await error));
    }

    /// <summary>The repository root: the first ancestor of the test binaries holding PromptConsole.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PromptConsole.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No PromptConsole.sln above {AppContext.BaseDirectory}.");
    }
}
