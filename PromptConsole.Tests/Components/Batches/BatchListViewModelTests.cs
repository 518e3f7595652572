using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Batches;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Model.Batches;

namespace PromptConsole.Tests.Components.Batches;

/// <summary>Starting a batch from a file, without a renderer: how the file is read and what is refused.</summary>
public sealed class BatchListViewModelTests
{
    private readonly FakeBatchService _batches = new();

    private BatchListViewModel Model() =>
        new(_batches, new InMemoryPromptRegistry(), Options.Create(new BatchOptions { MaxItems = 3 }), new ManualTimeProvider(), NullLogger<BatchListViewModel>.Instance);

    [Theory]
    [InlineData("items.jsonl", true)]
    [InlineData("ITEMS.NDJSON", true)]
    [InlineData("items.json", false)]
    [InlineData("items.txt", false)]
    public void The_file_name_says_how_it_is_read(string name, bool jsonLines) => Assert.Equal(jsonLines, BatchListViewModel.IsJsonLines(name));

    [Theory]
    [InlineData("a bare array", "[{\"variables\":{\"name\":\"a\"}},{\"variables\":{\"name\":\"b\"}}]")]
    [InlineData("the API's object", "{\"items\":[{\"variables\":{\"name\":\"a\"}},{\"variables\":{\"name\":\"b\"}}]}")]
    public async Task A_JSON_file_starts_a_job_in_the_chosen_mode(string name, string content)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var model = Model();
        model.SelectedPrompt = "greet";
        model.Mode = BatchMode.ProviderBatch;

        Assert.True(await model.StartAsync("items.json", content, "ops"));

        var (submission, _) = Assert.Single(_batches.Created);
        Assert.Equal(2, submission.Items.Count);
        Assert.Equal(BatchMode.ProviderBatch, submission.Mode);
        Assert.NotNull(model.Started);
        Assert.Single(model.Items);
    }

    [Theory]
    [InlineData("no prompt chosen", null, "items.jsonl", "{\"variables\":{}}", "prompt")]
    [InlineData("too many lines", "greet", "items.jsonl", "{}\n{}\n{}\n{}\n", "body")]
    [InlineData("too many items", "greet", "items.json", "[{},{},{},{}]", "items")]
    [InlineData("a null item", "greet", "items.json", "[{}, null]", "items[1]")]
    [InlineData("a line that is not JSON", "greet", "items.jsonl", "{}\nnope\n", "line 2")]
    public async Task Refused_files_say_where(string name, string? prompt, string fileName, string content, string field)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var model = Model();
        model.SelectedPrompt = prompt;

        Assert.False(await model.StartAsync(fileName, content, "ops"));

        Assert.StartsWith(field, model.StartError!.Fields[0].Field, StringComparison.Ordinal);
        Assert.DoesNotContain(_batches.Created, c => c.Submission.PromptKey != "missing");
    }

    [Fact]
    public async Task The_service_s_refusal_is_shown()
    {
        var model = Model();
        model.SelectedPrompt = "missing";

        Assert.False(await model.StartAsync("items.jsonl", "{\"variables\":{}}\n", "ops"));

        Assert.Equal("prompt-not-found", model.StartError!.Code);
    }
}
