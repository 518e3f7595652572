namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// The shared data sets that sit next to the repository (<c>../shared/data</c>; CI clones the repository beside
/// <c>shared</c>). Found by walking up from the test binaries, so any checkout depth works;
/// <c>PROMPTCONSOLE_SHARED_DATA</c> points elsewhere.
/// </summary>
public static class SharedData
{
    public const string StsDevRelativePath = "stsbenchmark/sts-dev.csv";

    public static string? Find(string relativePath)
    {
        var configured = Environment.GetEnvironmentVariable("PROMPTCONSOLE_SHARED_DATA");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, relativePath)))
            return Path.Combine(configured, relativePath);

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", relativePath);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }
}

/// <summary>A fact that is skipped, saying why, only when the STS-B dev file is not there.</summary>
public sealed class StsBenchmarkFactAttribute : FactAttribute
{
    public StsBenchmarkFactAttribute()
    {
        if (SharedData.Find(SharedData.StsDevRelativePath) is null)
            Skip = $"shared/data/{SharedData.StsDevRelativePath} was not found above {AppContext.BaseDirectory} (nor under PROMPTCONSOLE_SHARED_DATA).";
    }
}

/// <summary>A theory that is skipped, saying why, only when the STS-B dev file is not there.</summary>
public sealed class StsBenchmarkTheoryAttribute : TheoryAttribute
{
    public StsBenchmarkTheoryAttribute()
    {
        if (SharedData.Find(SharedData.StsDevRelativePath) is null)
            Skip = $"shared/data/{SharedData.StsDevRelativePath} was not found above {AppContext.BaseDirectory} (nor under PROMPTCONSOLE_SHARED_DATA).";
    }
}
