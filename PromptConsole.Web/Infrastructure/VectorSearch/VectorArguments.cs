namespace PromptConsole.Web.Infrastructure.VectorSearch;

internal static class VectorArguments
{
    public static void RequireLength(ReadOnlySpan<float> vector, int dimensions)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the index holds {dimensions}.", nameof(vector));
        }
    }
}
