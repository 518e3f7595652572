using System.Globalization;

namespace PromptConsole.Tests.Embeddings;

/// <summary>STS-B dev: 1,500 sentence pairs people scored 0 (unrelated) to 5 (same meaning), read once.</summary>
public static class StsDev
{
    private static readonly Lazy<IReadOnlyList<StsPair>> LazyPairs = new(Read);

    public static IReadOnlyList<StsPair> Pairs => LazyPairs.Value;

    /// <summary>The distinct sentences, in first-seen order.</summary>
    public static IReadOnlyList<string> Sentences => Pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct(StringComparer.Ordinal).ToArray();

    private static IReadOnlyList<StsPair> Read()
    {
        var path = SharedData.Find(SharedData.StsDevRelativePath)
            ?? throw new InvalidOperationException($"shared/data/{SharedData.StsDevRelativePath} was not found.");
        return File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 7)
            .Select(fields => new StsPair(double.Parse(fields[4], CultureInfo.InvariantCulture), fields[5], fields[6]))
            .ToArray();
    }
}

public sealed record StsPair(double Score, string First, string Second);
