using System.Runtime.InteropServices;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>
/// USearch's C API (<c>c/usearch.h</c>), called directly on the native library the Cloud.Unum.USearch package ships.
/// The package's managed <c>USearchIndex</c> reserves capacity for exactly one more vector before every add (a
/// reallocation of the whole node table each time, so building n vectors costs O(n²)), and allocates two result
/// arrays and a pinning handle per search; the C API lets the caller reserve ahead and search into its own buffers.
/// Every function reports failure through <c>error</c>: a pointer to a static message, never freed by the caller.
/// </summary>
internal static unsafe partial class UsearchNative
{
    private const string Library = "libusearch_c";

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    public static partial UsearchIndexHandle Init(ref InitOptions options, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    public static partial void Free(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    public static partial nuint Size(UsearchIndexHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_capacity")]
    public static partial nuint Capacity(UsearchIndexHandle index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    public static partial void Reserve(UsearchIndexHandle index, nuint capacity, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    public static partial void Add(UsearchIndexHandle index, ulong key, void* vector, int vectorKind, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_remove")]
    public static partial nuint Remove(UsearchIndexHandle index, ulong key, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    public static partial nuint Search(UsearchIndexHandle index, void* query, int queryKind, nuint count, ulong* keys, float* distances, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    public static partial void ChangeExpansionSearch(UsearchIndexHandle index, nuint expansion, out nint error);

    /// <summary><c>usearch_scalar_f32_k</c>: the package's <c>ScalarKind.Float32</c> (a test checks they agree).</summary>
    public const int ScalarFloat32 = 1;

    /// <summary>
    /// <c>usearch_scalar_f16_k</c>, which the package's managed enum leaves out (it follows f32 and f64 in the C
    /// header's order); a test checks that a graph made with it reports cosines with float16's rounding.
    /// </summary>
    public const int ScalarFloat16 = 3;

    /// <summary>Throws when a call reported an error.</summary>
    public static void ThrowIfFailed(nint error, string operation)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    /// <summary>
    /// <c>usearch_init_options_t</c>. A test compares its layout with the package's own <c>IndexOptions</c>, so a
    /// package upgrade that changes the struct fails there rather than in the native library.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public int MetricKind;
        public nint Metric;
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }
}
