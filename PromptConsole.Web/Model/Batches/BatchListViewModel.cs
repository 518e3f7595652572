using System.Text;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Model.Batches;

/// <summary>
/// The batches page: every job with its progress (read again every few seconds while any job runs), and starting a
/// job from an uploaded file (JSONL, one item per line, or JSON: an array of items or <c>{"items": […]}</c>).
/// </summary>
public sealed class BatchListViewModel(
    IBatchService batches,
    IPromptRegistry prompts,
    IOptions<BatchOptions> options,
    TimeProvider time,
    ILogger<BatchListViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly LivePolling _polling = new(time, logger, "the batch jobs");

    public IReadOnlyList<BatchRow> Items { get; private set; } = [];

    public IReadOnlyList<string> PromptKeys { get; private set; } = [];

    public bool Loaded { get; private set; }

    public bool AnyActive => Items.Any(i => i.IsActive);

    public bool Polling => _polling.Running;

    /// <summary>The start form: which prompt, which mode, and the outcome of the last try.</summary>
    public string? SelectedPrompt { get; set; }

    public BatchMode Mode { get; set; } = BatchMode.Gateway;

    public ErrorView? StartError { get; private set; }

    public Guid? Started { get; private set; }

    public bool Starting { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        PromptKeys = (await prompts.ListAsync(null, cancellationToken)).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        await RefreshAsync(cancellationToken);
        Loaded = true;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default) =>
        Items = (await batches.ListAsync(null, null, 200, cancellationToken)).Select(BatchRow.From).ToArray();

    /// <summary>Reads the jobs again every <see cref="RefreshInterval"/>, but only while one of them is still running.</summary>
    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, async () =>
        {
            if (AnyActive)
                await RefreshAsync();
        });

    /// <summary>Starts a job from a file's text; the file's name decides how it is read (.jsonl/.ndjson: one item per line).</summary>
    public async Task<bool> StartAsync(string fileName, string content, string actor, CancellationToken cancellationToken = default)
    {
        StartError = null;
        Started = null;
        if (string.IsNullOrWhiteSpace(SelectedPrompt))
        {
            StartError = ErrorView.From(Error.Validation("invalid-batch", "Choose the prompt to run.", [new FieldError("prompt", "A prompt is required.")]));
            return false;
        }

        Starting = true;
        try
        {
            var maxItems = options.Value.MaxItems;
            Result<IReadOnlyList<BatchItemInput>> items = IsJsonLines(fileName)
                ? await BatchRequestReader.ReadLinesAsync(new StringReader(content), maxItems, cancellationToken)
                : BatchRequestReader.ParseJsonItems(content, maxItems);
            if (!items.IsSuccess)
            {
                StartError = ErrorView.From(items.Error!);
                return false;
            }

            var created = await batches.CreateAsync(new BatchSubmission(SelectedPrompt, items.Value, Mode: Mode) { ItemsField = IsJsonLines(fileName) ? "body" : "items" }, actor, cancellationToken);
            if (!created.IsSuccess)
            {
                StartError = ErrorView.From(created.Error!);
                return false;
            }

            Started = created.Value.Id;
            await RefreshAsync(cancellationToken);
            return true;
        }
        finally
        {
            Starting = false;
        }
    }

    /// <summary>Reads an uploaded file as UTF-8 text, refusing one over the API's body limit.</summary>
    public async Task<string?> ReadFileAsync(Stream file, long size, CancellationToken cancellationToken = default)
    {
        if (size > options.Value.MaxBodyBytes)
        {
            StartError = ErrorView.From(new Error(ErrorKind.TooLarge, "request-too-large", $"The file has {size} bytes; the limit is {options.Value.MaxBodyBytes}.", [new FieldError("file", $"At most {options.Value.MaxBodyBytes} bytes.")]));
            return null;
        }

        using var reader = new StreamReader(file, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public long MaxFileBytes => options.Value.MaxBodyBytes;

    public static bool IsJsonLines(string fileName) =>
        fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
