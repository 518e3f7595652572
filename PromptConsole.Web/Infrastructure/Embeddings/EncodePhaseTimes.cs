using System.Diagnostics;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>Where encoding time goes (tokenising, packing the tensors, the ONNX run, pooling), summed over calls.</summary>
public sealed class EncodePhaseTimes
{
    public TimeSpan Tokenize { get; private set; }

    public TimeSpan Pack { get; private set; }

    public TimeSpan Run { get; private set; }

    public TimeSpan Pool { get; private set; }

    public int Calls { get; private set; }

    internal void Add(long started, long tokenized, long packed, long ran, long pooled)
    {
        Tokenize += Stopwatch.GetElapsedTime(started, tokenized);
        Pack += Stopwatch.GetElapsedTime(tokenized, packed);
        Run += Stopwatch.GetElapsedTime(packed, ran);
        Pool += Stopwatch.GetElapsedTime(ran, pooled);
        Calls++;
    }
}
