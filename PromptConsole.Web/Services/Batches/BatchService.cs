using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services.Batches;

public sealed class BatchService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IPromptSnapshotStore snapshots,
    IModelCatalog catalog,
    IOptions<ModelProvidersOptions> providers,
    IOptions<BatchOptions> options,
    BatchRunnerSignal signal,
    BatchMetrics metrics,
    TimeProvider time) : IBatchService
{
    /// <summary>More field errors than this are summarised: a file with one systematic mistake would list every line.</summary>
    private const int MaxReportedErrors = 100;

    private const int ResultPageSize = 1000;

    private static readonly string Pending = BatchNames.Of(BatchItemStatus.Pending);

    public async Task<Result<BatchJobSummary>> CreateAsync(BatchSubmission submission, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var settings = options.Value;
        if (BatchRules.CheckSize(submission.Items.Count, settings.MaxItems, submission.ItemsField) is { } sizeProblem)
            return sizeProblem;
        if (submission.Tenant is { Length: > ExecutionRecord.MaxTenantLength })
            return Error.Validation("invalid-tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.", [new FieldError("tenant", $"At most {ExecutionRecord.MaxTenantLength} characters.")]);

        var prompt = await snapshots.GetAsync(submission.PromptKey, cancellationToken);
        if (prompt is null)
            return Error.NotFound("prompt-not-found", $"There is no prompt '{submission.PromptKey}'.");
        var label = Blank(submission.Label);
        var versionNumber = ResolveVersion(prompt, submission.Version, label);
        if (!versionNumber.IsSuccess)
            return versionNumber.Error!;
        var version = prompt.Versions[versionNumber.Value];

        var model = version.Model.Model;
        var provider = catalog.Find(model)?.Provider ?? "(unknown)";
        if (submission.Mode == BatchMode.ProviderBatch && !SupportsProviderBatch(provider))
        {
            return Error.Validation("batch-mode-unsupported",
                $"Version {version.Number} of '{prompt.Key}' runs on {model} ({provider}), which is not an OpenAI-compatible provider; provider-batch mode needs one.",
                [new FieldError("mode", "provider-batch needs a model served by an OpenAI-compatible provider.")]);
        }

        // Every item is checked against the version's declarations before anything is stored or run.
        var errors = new List<FieldError>();
        var invalidItems = 0;
        foreach (var item in submission.Items)
        {
            var itemErrors = CheckItem(item, version);
            if (itemErrors.Count == 0)
                continue;
            invalidItems++;
            foreach (var error in itemErrors)
            {
                if (errors.Count < MaxReportedErrors)
                    errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            var more = invalidItems > 0 && errors.Count >= MaxReportedErrors ? $" (the first {MaxReportedErrors} problems are listed)" : string.Empty;
            return Error.Validation("invalid-batch-items", $"{invalidItems} of {submission.Items.Count} item(s) do not fit version {version.Number} of '{prompt.Key}'{more}; nothing was started.", errors);
        }

        var now = time.GetUtcNow();
        var job = new BatchJobRow(Guid.CreateVersion7(now), prompt.Key, version.Number, submission.Version is null ? label ?? LabelName.Production : null, submission.Mode, model, provider, submission.Items.Count, actor, Blank(submission.Tenant), now);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.BatchJobs.Add(job);
            var index = 0;
            foreach (var item in submission.Items)
                db.BatchItems.Add(new BatchItemRow(Guid.CreateVersion7(now), job.Id, index++, Blank(item.CustomId), Blank(item.Subject), item.VariablesJson));
            db.AuditEvents.Add(new AuditEvent(now, actor, BatchAuditActions.Created, prompt.Key, BatchAuditActions.Target(job.Id),
                $"Batch of {submission.Items.Count} item(s) on version {version.Number} ({BatchNames.Of(submission.Mode)})", null));
            await db.SaveChangesAsync(cancellationToken);
        }

        metrics.RecordJobCreated(prompt.Key, submission.Items.Count);
        signal.Wake();
        return Summarize(job, new Dictionary<string, ItemTotals>(), now);
    }

    public async Task<IReadOnlyList<BatchJobSummary>> ListAsync(string? promptKey, BatchStatus? status, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.BatchJobs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(promptKey))
            query = query.Where(j => j.PromptKey == promptKey);
        if (status is { } wanted)
        {
            var name = BatchNames.Of(wanted);
            query = query.Where(j => j.Status == name);
        }

        var jobs = await query.OrderByDescending(j => j.CreatedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        var totals = await TotalsAsync(db, jobs.Select(j => j.Id).ToArray(), cancellationToken);
        var now = time.GetUtcNow();
        return jobs.Select(j => Summarize(j, totals.GetValueOrDefault(j.Id) ?? [], now)).ToArray();
    }

    public async Task<BatchJobSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
            return null;
        var totals = await TotalsAsync(db, [id], cancellationToken);
        return Summarize(job, totals.GetValueOrDefault(id) ?? [], time.GetUtcNow());
    }

    public async Task<Result<BatchJobSummary>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
            return NotFound(id);

        var now = time.GetUtcNow();
        var decision = BatchRules.DecideCancel(job.StatusValue);
        if (decision == CancelDecision.Cancel)
        {
            // Conditional, so a runner finishing the job at the same moment wins cleanly (then the answer is a conflict).
            string[] active = [BatchNames.Of(BatchStatus.Queued), BatchNames.Of(BatchStatus.Running)];
            var cancelled = BatchNames.Of(BatchStatus.Cancelled);
            var expires = now + options.Value.Retention;
            var changed = await db.BatchJobs.Where(j => j.Id == id && active.Contains(j.Status))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, cancelled).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.ExpiresAt, expires), cancellationToken);
            if (changed == 1)
            {
                // Items nobody is running are cancelled now; those in flight (leased) finish and keep their results.
                var itemCancelled = BatchNames.Of(BatchItemStatus.Cancelled);
                await db.BatchItems.Where(i => i.JobId == id && i.Status == Pending && (i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, itemCancelled).SetProperty(i => i.FinishedAt, now), cancellationToken);
                db.AuditEvents.Add(new AuditEvent(now, actor, BatchAuditActions.Cancelled, job.PromptKey, BatchAuditActions.Target(id), $"Batch {id} cancelled", null));
                await db.SaveChangesAsync(cancellationToken);
                metrics.RecordJobCancelled(job.PromptKey);
            }
            else
            {
                job = await db.BatchJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
                decision = BatchRules.DecideCancel(job.StatusValue);
            }
        }

        if (decision == CancelDecision.AlreadyFinished)
            return Error.Conflict("batch-finished", $"Batch {id} already {BatchNames.Of(job.StatusValue)}; there is nothing to cancel.");

        return (await GetAsync(id, cancellationToken))!;
    }

    public async IAsyncEnumerable<BatchItemResult> ReadResultsAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = -1;
        while (true)
        {
            List<BatchItemResult> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var from = after;
                page = await Project(db.BatchItems.AsNoTracking().Where(i => i.JobId == id && i.Index > from).OrderBy(i => i.Index).Take(ResultPageSize)).ToListAsync(cancellationToken);
            }

            foreach (var item in page)
                yield return item;
            if (page.Count < ResultPageSize)
                yield break;
            after = page[^1].Index;
        }
    }

    public async Task<BatchItemPage> GetItemsAsync(Guid id, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.BatchItems.CountAsync(i => i.JobId == id, cancellationToken);
        var items = await Project(db.BatchItems.AsNoTracking().Where(i => i.JobId == id).OrderBy(i => i.Index).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))).ToListAsync(cancellationToken);
        return new BatchItemPage(items, total);
    }

    /// <summary>The projection comes last: EF cannot filter or order on a record's constructor arguments.</summary>
    private static IQueryable<BatchItemResult> Project(IQueryable<BatchItemRow> items) =>
        items.Select(i => new BatchItemResult(
            i.Index,
            i.CustomId,
            i.Status == "succeeded" ? BatchItemStatus.Succeeded : i.Status == "failed" ? BatchItemStatus.Failed : i.Status == "cancelled" ? BatchItemStatus.Cancelled : BatchItemStatus.Pending,
            i.Output,
            i.ErrorType,
            i.ErrorMessage,
            i.ExecutionId,
            i.Model,
            i.InputTokens,
            i.OutputTokens,
            i.CostUsd,
            i.LatencyMs,
            i.FinishedAt));

    internal static Error NotFound(Guid id) => Error.NotFound("batch-not-found", $"There is no batch '{id}'.");

    private bool SupportsProviderBatch(string provider) =>
        providers.Value.Providers.TryGetValue(provider, out var entry) && entry.Enabled && ProviderKinds.IsOpenAI(entry.Kind);

    /// <summary>
    /// The version every item runs, fixed when the job is accepted (so its variables can be checked up front and a
    /// deploy during the run does not mix versions): the pinned one, else the one the label (default production) points at.
    /// </summary>
    private static Result<int> ResolveVersion(PromptSnapshot prompt, int? version, string? label)
    {
        if (version is { } pinned)
            return prompt.Versions.ContainsKey(pinned) ? pinned : Error.NotFound("version-not-found", $"Prompt '{prompt.Key}' has no version {pinned}.");
        var name = label ?? LabelName.Production;
        return prompt.Labels.TryGetValue(name, out var deployed)
            ? deployed
            : Error.NotFound("label-not-found", $"Prompt '{prompt.Key}' has no label '{name}'.");
    }

    private static List<FieldError> CheckItem(BatchItemInput item, PromptVersion version)
    {
        var errors = new List<FieldError>();
        var bound = VariableBinder.Bind(version.Variables, item.Variables);
        if (!bound.IsSuccess)
        {
            foreach (var field in bound.Error!.FieldErrors)
                errors.Add(new FieldError($"{item.Locator}.{field.Field}", field.Message, item.Line));
        }

        if (item.CustomId is { Length: > BatchRules.MaxCustomIdLength })
            errors.Add(new FieldError($"{item.Locator}.customId", $"At most {BatchRules.MaxCustomIdLength} characters.", item.Line));
        if (item.Subject is { Length: > 256 })
            errors.Add(new FieldError($"{item.Locator}.subject", "At most 256 characters.", item.Line));
        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record ItemTotals(int Count, long InputTokens, long OutputTokens, decimal CostUsd);

    private static async Task<Dictionary<Guid, Dictionary<string, ItemTotals>>> TotalsAsync(PromptConsoleDbContext db, Guid[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
            return [];
        var rows = await db.BatchItems.AsNoTracking().Where(i => ids.Contains(i.JobId)).GroupBy(i => new { i.JobId, i.Status })
            .Select(g => new { g.Key.JobId, g.Key.Status, Count = g.Count(), Input = g.Sum(i => (long)i.InputTokens), Output = g.Sum(i => (long)i.OutputTokens), Cost = g.Sum(i => i.CostUsd) })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, Dictionary<string, ItemTotals>>();
        foreach (var row in rows)
        {
            if (!result.TryGetValue(row.JobId, out var byStatus))
                result[row.JobId] = byStatus = new Dictionary<string, ItemTotals>(StringComparer.Ordinal);
            byStatus[row.Status] = new ItemTotals(row.Count, row.Input, row.Output, row.Cost);
        }

        return result;
    }

    private static BatchJobSummary Summarize(BatchJobRow job, Dictionary<string, ItemTotals> totals, DateTimeOffset now)
    {
        int CountOf(BatchItemStatus status) => totals.TryGetValue(BatchNames.Of(status), out var t) ? t.Count : 0;
        var counts = new BatchCounts(job.TotalItems, CountOf(BatchItemStatus.Succeeded), CountOf(BatchItemStatus.Failed), CountOf(BatchItemStatus.Cancelled));
        var ran = counts.Succeeded + counts.Failed;
        return new BatchJobSummary(
            job.Id,
            job.PromptKey,
            job.Version,
            job.Label,
            job.ModeValue,
            job.StatusValue,
            job.Model,
            job.Provider,
            job.CreatedBy,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            job.ExpiresAt,
            job.Error,
            job.ProviderBatchId,
            job.ProviderStatus,
            counts,
            totals.Values.Sum(t => t.InputTokens),
            totals.Values.Sum(t => t.OutputTokens),
            totals.Values.Sum(t => t.CostUsd),
            BatchRules.ItemsPerSecond(ran, job.StartedAt, job.FinishedAt ?? now));
    }
}
