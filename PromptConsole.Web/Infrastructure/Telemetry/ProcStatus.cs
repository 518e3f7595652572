using System.Globalization;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The memory and thread figures of <c>/proc/self/status</c> (Linux), the same sources .NET's
/// <see cref="System.Diagnostics.Process"/> uses: VmSize is the virtual memory, VmRSS the working
/// set, VmData the private memory.
/// </summary>
public sealed record ProcStatus(long VirtualBytes, long ResidentBytes, long DataBytes, int Threads)
{
    private const string Path = "/proc/self/status";

    /// <summary>The current figures, or null where there is no <c>/proc</c> (not Linux).</summary>
    public static ProcStatus? TryRead()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            return Parse(File.ReadAllText(Path));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads the fields this needs from the file's text; null when one is missing.</summary>
    public static ProcStatus? Parse(string text)
    {
        long? virtualBytes = null, residentBytes = null, dataBytes = null;
        int? threads = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name.SequenceEqual("VmSize"))
                virtualBytes = Kilobytes(value);
            else if (name.SequenceEqual("VmRSS"))
                residentBytes = Kilobytes(value);
            else if (name.SequenceEqual("VmData"))
                dataBytes = Kilobytes(value);
            else if (name.SequenceEqual("Threads") && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                threads = count;
        }

        return virtualBytes is { } v && residentBytes is { } r && dataBytes is { } d && threads is { } t
            ? new ProcStatus(v, r, d, t)
            : null;
    }

    // The kernel writes sizes as "<n> kB".
    private static long? Kilobytes(ReadOnlySpan<char> value)
    {
        var space = value.IndexOf(' ');
        var number = space < 0 ? value : value[..space];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes * 1024 : null;
    }
}
