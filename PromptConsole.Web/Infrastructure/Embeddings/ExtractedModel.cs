using System.Reflection;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// The package embeds model.onnx as a resource and ships no loose file. ONNX Runtime builds its session with
/// about 150 MB less memory from a file than from a byte array, so the resource is copied once into a per-user
/// cache directory (named after the assembly build, so another package version gets its own copy) and loaded
/// from there. Where that directory cannot be written (a read-only container), the caller loads the bytes instead.
/// </summary>
public static class ExtractedModel
{
    /// <summary>
    /// <c>~/.local/share/promptconsole/models</c> (the platform's per-user data directory), where models derived from
    /// the package are kept; null when the platform has none.
    /// </summary>
    public static string? CacheDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(root) ? null : Path.Combine(root, "promptconsole", "models");
    }

    /// <summary>The extracted file's path, or null when it could not be written.</summary>
    public static string? TryExtract(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        try
        {
            using var resource = assembly.GetManifestResourceStream(resourceName);
            if (resource is null)
                return null;

            var directory = CacheDirectory();
            if (directory is null)
                return null;
            var path = Path.Combine(directory, $"{resourceName}.{assembly.ManifestModule.ModuleVersionId:N}");
            if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
                return path;

            ModelFile.Write(path, resource.CopyTo);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
