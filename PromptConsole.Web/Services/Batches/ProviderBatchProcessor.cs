using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Api;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services.Batches;

/// <summary>
/// Provider-batch jobs through the OpenAI Batch API: render every item (the executor's binder and renderer), upload
/// one JSONL file, create the batch, poll it, then map the output and error files back to the items by custom id and
/// record each answered item as an execution (origin <c>batch</c>) at the provider's batch discount. One instance
/// advances a job at a time (a lease on the job row); every step is stored, so a restart picks the job up where it was.
/// </summary>
public sealed partial class ProviderBatchProcessor(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    BatchItemStore items,
    IPromptSnapshotStore snapshots,
    ITemplateRenderer renderer,
    ModelCatalog catalog,
    IOptions<ModelProvidersOptions> providers,
    IOptions<BatchOptions> options,
    OpenAiBatchClient client,
    IExecutionRecorder recorder,
    PromptConsoleMetrics executionMetrics,
    IMetricsStore metricsStore,
    BatchMetrics metrics,
    TimeProvider time,
    ILogger<ProviderBatchProcessor> logger)
{
    private const string CustomIdPrefix = "item-";

    private static readonly string ProviderBatchMode = BatchNames.Of(BatchMode.ProviderBatch);
    private static readonly string Pending = BatchNames.Of(BatchItemStatus.Pending);
    private static readonly string Queued = BatchNames.Of(BatchStatus.Queued);
    private static readonly string Running = BatchNames.Of(BatchStatus.Running);
    private static readonly string Cancelled = BatchNames.Of(BatchStatus.Cancelled);
    private static readonly string[] ProviderDone = ["completed", "failed", "expired", "cancelled", "cancelling"];

    public async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        await CancelAbandonedAsync(cancellationToken);
        foreach (var job in await items.ActiveJobsAsync(BatchMode.ProviderBatch, cancellationToken))
        {
            var now = time.GetUtcNow();
            if (job.NextPollAt is { } next && next > now)
                continue;
            var lease = await LeaseAsync(job.Id, cancellationToken);
            if (lease is null)
                continue;
            try
            {
                if (job.ProviderBatchId is null)
                    await SubmitAsync(job, cancellationToken);
                else
                    await PollAsync(job, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogStepFailed(exception, job.Id);
                await UpdateJobAsync(job.Id, j => j.NextPollAt = time.GetUtcNow() + options.Value.ProviderPollInterval, CancellationToken.None);
            }
            finally
            {
                await ReleaseAsync(job.Id, lease);
            }
        }
    }

    private async Task SubmitAsync(BatchJobRow job, CancellationToken cancellationToken)
    {
        var (prompt, version, provider, entry) = await ResolveAsync(job, cancellationToken);
        if (prompt is null || version is null || provider is null || entry is null)
        {
            await FailJobAsync(job, "The prompt, its version or the provider is gone; the job cannot run.", cancellationToken);
            return;
        }

        List<BatchItemRow> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            pending = await db.BatchItems.AsNoTracking().Where(i => i.JobId == job.Id && i.Status == Pending).OrderBy(i => i.Index).ToListAsync(cancellationToken);

        var file = new MemoryStream();
        var lines = 0;
        foreach (var item in pending)
        {
            var rendered = Render(version, item);
            if (rendered.Error is { } error)
            {
                await items.SetResultAsync(item.Id, new BatchItemOutcome(BatchItemStatus.Failed, null, error.Code, error.Message, null, job.Model, 0, 0, 0m, null), cancellationToken);
                metrics.RecordItems(job.PromptKey, BatchNames.Of(BatchItemStatus.Failed));
                continue;
            }

            WriteLine(file, item.Index, entry, version.Model, provider, rendered.Value!);
            lines++;
        }

        var now = time.GetUtcNow();
        if (lines == 0)
        {
            await UpdateJobAsync(job.Id, j => { j.Status = Running; j.StartedAt = now; }, cancellationToken);
            if (await items.TryFinishAsync(job.Id, cancellationToken))
                metrics.RecordJobFinished(job.PromptKey, BatchNames.Of(BatchStatus.Completed));
            return;
        }

        var fileId = await client.UploadAsync(provider, file.ToArray(), $"promptconsole-batch-{job.Id}.jsonl", cancellationToken);
        var batch = await client.CreateAsync(provider, fileId, job.Id.ToString(), cancellationToken);
        foreach (var _ in Enumerable.Range(0, lines))
            metrics.RecordQueueWait(ProviderBatchMode, now - job.CreatedAt);
        await UpdateJobAsync(job.Id, j =>
        {
            j.Status = Running;
            j.StartedAt = now;
            j.ProviderInputFileId = fileId;
            j.ProviderBatchId = batch.Id;
            j.ProviderStatus = batch.Status;
            j.NextPollAt = now + options.Value.ProviderPollInterval;
        }, cancellationToken);
        LogSubmitted(job.Id, batch.Id, lines);
    }

    private async Task PollAsync(BatchJobRow job, CancellationToken cancellationToken)
    {
        var (prompt, version, provider, entry) = await ResolveAsync(job, cancellationToken);
        if (provider is null)
        {
            await FailJobAsync(job, $"The provider '{job.Provider}' is no longer configured.", cancellationToken);
            return;
        }

        var batch = await client.GetAsync(provider, job.ProviderBatchId!, cancellationToken);
        var now = time.GetUtcNow();
        if (!batch.IsTerminal)
        {
            await UpdateJobAsync(job.Id, j => { j.ProviderStatus = batch.Status; j.NextPollAt = now + options.Value.ProviderPollInterval; }, cancellationToken);
            return;
        }

        var results = new Dictionary<string, ProviderBatchResult>(StringComparer.Ordinal);
        if (batch.ErrorFileId is { } errorFile)
        {
            foreach (var result in await client.DownloadResultsAsync(provider, errorFile, cancellationToken))
                results[result.CustomId] = result;
        }

        if (batch.OutputFileId is { } outputFile)
        {
            foreach (var result in await client.DownloadResultsAsync(provider, outputFile, cancellationToken))
                results[result.CustomId] = result;
        }

        List<BatchItemRow> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            pending = await db.BatchItems.AsNoTracking().Where(i => i.JobId == job.Id && i.Status == Pending).OrderBy(i => i.Index).ToListAsync(cancellationToken);

        var discount = provider.BatchDiscount;
        foreach (var item in pending)
        {
            BatchItemOutcome outcome;
            if (!results.TryGetValue(CustomIdPrefix + item.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), out var result))
                outcome = new BatchItemOutcome(BatchItemStatus.Failed, null, $"provider_batch_{batch.Status}", $"The provider's batch ended ({batch.Status}) without an answer for this item.", null, job.Model, 0, 0, 0m, null);
            else if (prompt is null || version is null)
                outcome = new BatchItemOutcome(BatchItemStatus.Failed, null, "prompt_gone", "The prompt or its version was deleted while the provider ran the batch.", null, job.Model, 0, 0, 0m, null);
            else
                outcome = await RecordAsync(job, prompt, version, item, result, discount, now);

            await items.SetResultAsync(item.Id, outcome, CancellationToken.None);
            metrics.RecordItems(job.PromptKey, BatchNames.Of(outcome.Status));
        }

        var expires = now + options.Value.Retention;
        var (status, error) = batch.Status switch
        {
            "completed" => (BatchStatus.Completed, (string?)null),
            "cancelled" => (BatchStatus.Cancelled, "The provider's batch was cancelled."),
            _ => (BatchStatus.Failed, $"The provider's batch {batch.Status}" + (batch.ErrorSummary is { } summary ? $": {summary}" : ".")),
        };
        await UpdateJobAsync(job.Id, j =>
        {
            j.ProviderStatus = batch.Status;
            j.Status = BatchNames.Of(status);
            j.Error = error is { Length: > 2000 } ? error[..2000] : error;
            j.FinishedAt = now;
            j.ExpiresAt = expires;
            j.NextPollAt = null;
        }, CancellationToken.None);
        metrics.RecordJobFinished(job.PromptKey, BatchNames.Of(status));
        LogFinished(job.Id, batch.Id, batch.Status, pending.Count);
    }

    /// <summary>An answered item becomes an execution like any other: checks, hashes, capture, cost (discounted), metrics and the record.</summary>
    private async Task<BatchItemOutcome> RecordAsync(BatchJobRow job, PromptSnapshot prompt, PromptVersion version, BatchItemRow item, ProviderBatchResult result, double discount, DateTimeOffset now)
    {
        var startedAt = job.StartedAt ?? now;
        var latencyMs = Math.Max(0, (now - startedAt).TotalMilliseconds);
        var rendered = Render(version, item);
        var inputText = rendered.Value is { } r ? (r.SystemText is null ? r.UserText : r.SystemText + "\n\n" + r.UserText) : string.Empty;
        var model = job.Model;
        var listCost = result.Succeeded || result.InputTokens > 0 ? catalog.Find(model)?.Cost(result.InputTokens, result.OutputTokens) ?? 0m : 0m;
        var cost = BatchRules.DiscountedCost(listCost, discount);

        IReadOnlyList<OutputCheckFailure> failures = result.Succeeded ? OutputCheckEvaluator.Evaluate(version.Checks, result.Text!) : [];
        var outcome = !result.Succeeded ? ExecutionOutcome.ProviderFailed : failures.Count > 0 ? ExecutionOutcome.OutputRejected : ExecutionOutcome.Success;
        var errorType = outcome switch
        {
            ExecutionOutcome.ProviderFailed => result.ErrorType ?? "provider_error",
            ExecutionOutcome.OutputRejected => "output_check_failed",
            _ => null,
        };

        var record = new ExecutionRecord(Guid.CreateVersion7(now), startedAt, prompt.Key, version.Number, RouteKindNames.Version, $"v{version.Number}", null, item.Subject, ExecutionOrigin.Batch, job.Tenant);
        record.Complete(outcome, model, false, errorType, latencyMs, 1, result.InputTokens, result.OutputTokens, cost,
            ContentHash.Hex(inputText), result.Text is null ? null : ContentHash.Hex(result.Text), null);
        if (prompt.CaptureEnabled)
            record.Capture(inputText, result.Text, startedAt.AddDays(prompt.CaptureRetentionDays));
        var telemetry = new ExecutionTelemetry(job.Provider, model, [model], failures.Select(f => f.Check).ToArray());
        executionMetrics.RecordExecution(record, telemetry);
        metricsStore.Observe(ExecutionObservations.Of(record, telemetry), now);
        try
        {
            await recorder.RecordAsync(record, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // The recorder stopped (shutdown): the item keeps its result; the execution list misses this one.
        }

        return outcome switch
        {
            ExecutionOutcome.Success => new BatchItemOutcome(BatchItemStatus.Succeeded, result.Text, null, null, record.Id, model, result.InputTokens, result.OutputTokens, cost, latencyMs),
            ExecutionOutcome.OutputRejected => new BatchItemOutcome(BatchItemStatus.Failed, null, "output-check-failed",
                $"The output failed {failures.Count} check(s): {string.Join(", ", failures.Select(f => f.Check))}.", record.Id, model, result.InputTokens, result.OutputTokens, cost, latencyMs),
            _ => new BatchItemOutcome(BatchItemStatus.Failed, null, errorType, result.ErrorMessage ?? $"The provider answered {result.StatusCode}.", record.Id, model, result.InputTokens, result.OutputTokens, cost, latencyMs),
        };
    }

    private (RenderedPrompt? Value, Domain.Common.Error? Error) Render(PromptVersion version, BatchItemRow item)
    {
        var variables = VariableValues.FromJson(JsonSerializer.Deserialize(item.VariablesJson, BatchJsonContext.Default.DictionaryStringJsonElement));
        var bound = VariableBinder.Bind(version.Variables, variables);
        if (!bound.IsSuccess)
            return (null, bound.Error);
        var rendered = renderer.Render(version, bound.Value.Values);
        return rendered.IsSuccess ? (rendered.Value, null) : (null, rendered.Error);
    }

    /// <summary>One request line of the input file: a chat completion with the version's settings, under the item's custom id.</summary>
    private static void WriteLine(MemoryStream file, int index, CatalogModel entry, ModelSettings settings, ProviderOptions provider, RenderedPrompt rendered)
    {
        using (var writer = new Utf8JsonWriter(file))
        {
            writer.WriteStartObject();
            writer.WriteString("custom_id", CustomIdPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("method", "POST");
            writer.WriteString("url", OpenAiBatchClient.ChatCompletionsEndpoint);
            writer.WriteStartObject("body");
            writer.WriteString("model", entry.ProviderModel);
            writer.WriteStartArray("messages");
            if (rendered.SystemText is { } system)
                WriteMessage(writer, "system", system);
            WriteMessage(writer, "user", rendered.UserText);
            writer.WriteEndArray();
            if (settings.Temperature is { } temperature)
                writer.WriteNumber("temperature", temperature);
            if (settings.MaxTokens is { } maxTokens)
                writer.WriteNumber(MaxTokensFields.IsMaxTokens(provider.MaxTokensField) ? MaxTokensFields.MaxTokens : MaxTokensFields.MaxCompletionTokens, maxTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        file.WriteByte((byte)'\n');
    }

    private static void WriteMessage(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private async Task<(PromptSnapshot? Prompt, PromptVersion? Version, ProviderOptions? Provider, CatalogModel? Entry)> ResolveAsync(BatchJobRow job, CancellationToken cancellationToken)
    {
        var prompt = await snapshots.GetAsync(job.PromptKey, cancellationToken);
        var version = prompt?.Versions.GetValueOrDefault(job.Version);
        var provider = providers.Value.Providers.TryGetValue(job.Provider, out var p) && p.Enabled && ProviderKinds.IsOpenAI(p.Kind) ? p : null;
        var entry = catalog.Entries.FirstOrDefault(e => string.Equals(e.Model, job.Model, StringComparison.OrdinalIgnoreCase));
        return (prompt, version, provider, entry);
    }

    /// <summary>Jobs cancelled here while the provider still runs their batch: the provider is asked to stop too (best effort).</summary>
    private async Task CancelAbandonedAsync(CancellationToken cancellationToken)
    {
        List<BatchJobRow> cancelled;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            cancelled = await db.BatchJobs.AsNoTracking()
                .Where(j => j.Mode == ProviderBatchMode && j.Status == Cancelled && j.ProviderBatchId != null && (j.ProviderStatus == null || !ProviderDone.Contains(j.ProviderStatus)))
                .Take(20).ToListAsync(cancellationToken);
        }

        foreach (var job in cancelled)
        {
            try
            {
                if (providers.Value.Providers.TryGetValue(job.Provider, out var provider))
                    await client.CancelAsync(provider, job.ProviderBatchId!, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogStepFailed(exception, job.Id);
            }

            await UpdateJobAsync(job.Id, j => j.ProviderStatus = "cancelling", cancellationToken);
        }
    }

    private async Task FailJobAsync(BatchJobRow job, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.Retention;
        var failed = BatchNames.Of(BatchItemStatus.Failed);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.BatchItems.Where(i => i.JobId == job.Id && i.Status == Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, failed).SetProperty(i => i.ErrorType, "batch_failed").SetProperty(i => i.ErrorMessage, error).SetProperty(i => i.FinishedAt, now), cancellationToken);
        }

        await UpdateJobAsync(job.Id, j => { j.Status = BatchNames.Of(BatchStatus.Failed); j.Error = error; j.FinishedAt = now; j.ExpiresAt = expires; }, cancellationToken);
        metrics.RecordJobFinished(job.PromptKey, BatchNames.Of(BatchStatus.Failed));
    }

    /// <summary>Changes a job that is still queued or running (a cancel in between wins).</summary>
    private async Task UpdateJobAsync(Guid jobId, Action<BatchJobRow> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
            return;
        var wasCancelled = job.Status == Cancelled;
        change(job);
        if (wasCancelled)
            job.Status = Cancelled;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string?> LeaseAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        var token = $"{items.InstanceId}:{Guid.NewGuid():N}";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await db.BatchJobs.Where(j => j.Id == jobId && (j.Status == Queued || j.Status == Running) && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, token).SetProperty(j => j.LeaseExpiresAt, until), cancellationToken);
        return taken == 1 ? token : null;
    }

    private async Task ReleaseAsync(Guid jobId, string token)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.BatchJobs.Where(j => j.Id == jobId && j.LeaseOwner == token)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Batch {BatchId} submitted to the provider as {ProviderBatchId} ({Items} items)")]
    private partial void LogSubmitted(Guid batchId, string providerBatchId, int items);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Batch {BatchId}: the provider's batch {ProviderBatchId} ended {ProviderStatus}; {Items} items stored")]
    private partial void LogFinished(Guid batchId, string providerBatchId, string providerStatus, int items);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Batch {BatchId}: a provider batch step failed; it is tried again at the next poll")]
    private partial void LogStepFailed(Exception exception, Guid batchId);
}
