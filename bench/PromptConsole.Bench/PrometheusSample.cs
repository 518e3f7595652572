using System.Globalization;

namespace PromptConsole.Bench;

/// <summary>One sample line of the Prometheus text format, <c>name{a="x",b="y"} value</c>.</summary>
internal sealed record PrometheusSample(string Name, List<(string Key, string Value)> Labels, double Value)
{
    /// <summary>Parses a sample line (not a comment); label values of this app hold no escaped quotes.</summary>
    public static PrometheusSample Parse(string line)
    {
        var labels = new List<(string, string)>();
        int brace = line.IndexOf('{');
        int space = line.LastIndexOf(' ');
        string name = brace >= 0 && brace < space ? line[..brace] : line[..space];
        if (brace >= 0 && brace < space)
        {
            int close = line.LastIndexOf('}');
            foreach (var pair in line[(brace + 1)..close].Split("\",", StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                labels.Add((pair[..equals], pair[(equals + 1)..].Trim('"')));
            }
        }

        var value = line[(space + 1)..] switch
        {
            "+Inf" => double.PositiveInfinity,
            "NaN" => double.NaN,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, value);
    }

    /// <summary>The sample lines of a whole body, comments and blank lines skipped.</summary>
    public static IEnumerable<PrometheusSample> ParseAll(string text) =>
        text.Split('\n').Where(line => line.Length > 0 && line[0] != '#').Select(Parse);
}
