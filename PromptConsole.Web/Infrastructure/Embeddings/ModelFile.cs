namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// Writes a model file under a unique name and moves it into place, so a concurrent host never loads a half-written
/// file. On failure the partial file is removed and the exception goes to the caller, which falls back to memory.
/// </summary>
public static class ModelFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var file = File.Create(partial))
                write(file);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover .partial file is harmless: nothing loads it.
        }
    }
}
