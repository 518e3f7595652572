using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Caching;

/// <summary>One prompt's false-hit estimate (optionally for one version, or for raw conversations one model) from its stored observations.</summary>
public sealed record SemanticCacheEstimate(string PromptKey, int? Version, FalseHitEstimateResult Estimate)
{
    /// <summary>For raw conversations: the model the estimate is limited to (null: every model).</summary>
    public string? Model { get; init; }
}

/// <summary>
/// Reads the semantic-cache observations into the false-hit estimate per threshold, and takes operators' "wrong cached
/// answer" feedback on served semantic hits (audited; the estimate then counts the hit as false).
/// </summary>
public sealed class SemanticCacheEstimates(
    IPromptRegistry registry,
    SemanticObservationWriter writer,
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    TimeProvider time) : ISemanticShadowResults
{
    public async Task<Result<SemanticCacheEstimate>> EstimateAsync(string promptKey, int? version, CancellationToken cancellationToken)
    {
        var prompt = await registry.GetAsync(promptKey, cancellationToken);
        if (!prompt.IsSuccess)
            return prompt.Error!;
        if (version is { } v && prompt.Value.FindVersion(v) is null)
            return Error.NotFound("version-not-found", $"Prompt '{promptKey}' has no version {v}.");

        return await EstimateOfAsync(promptKey, version, model: null, cancellationToken);
    }

    /// <summary>
    /// Raw conversations' false-hit estimate: the observations under the reserved key <c>_chat</c>, of every model and
    /// tenant together (the shared threshold), or of the conversations sent to <paramref name="model"/> (to choose that
    /// model's own threshold; the observation's execution record says which model it was sent to).
    /// </summary>
    public async Task<SemanticCacheEstimate> EstimateConversationsAsync(string? model, CancellationToken cancellationToken) =>
        await EstimateOfAsync(ChatCompletionGateway.RecordKey, null, model, cancellationToken) with { Model = model };

    private async Task<SemanticCacheEstimate> EstimateOfAsync(string promptKey, int? version, string? model, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.SemanticCacheObservations.AsNoTracking().Where(o => o.PromptKey == promptKey);
        if (version is { } only)
            rows = rows.Where(o => o.PromptVersion == only);
        if (model is not null)
            rows = rows.Where(o => db.Executions.Any(e => e.Id == o.ExecutionId && e.Model == model));
        var samples = await rows
            .Select(o => new { o.Similarity, o.Kind, Marked = o.MarkedWrongAt != null })
            .ToListAsync(cancellationToken);

        var estimate = FalseHitEstimate.Compute(samples.Select(s => new SemanticSample(s.Similarity, IsFalseHit(s.Kind, s.Marked))));
        return new SemanticCacheEstimate(promptKey, version, estimate);
    }

    /// <summary>
    /// The estimates of every prompt that has observations (the console's cache page), by prompt key; raw conversations
    /// also once per model they were sent to, after their whole, so a model's own threshold can be chosen there too.
    /// </summary>
    public async Task<IReadOnlyList<SemanticCacheEstimate>> EstimateAllAsync(CancellationToken cancellationToken)
    {
        const string conversations = ChatCompletionGateway.RecordKey;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var samples = await db.SemanticCacheObservations.AsNoTracking()
            .Select(o => new ObservedSample(
                o.PromptKey,
                o.Similarity,
                o.Kind,
                o.MarkedWrongAt != null,
                o.PromptKey == conversations ? db.Executions.Where(e => e.Id == o.ExecutionId).Select(e => e.Model).FirstOrDefault() : null))
            .ToListAsync(cancellationToken);

        var estimates = new List<SemanticCacheEstimate>();
        foreach (var prompt in samples.GroupBy(s => s.PromptKey, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            estimates.Add(new SemanticCacheEstimate(prompt.Key, null, Estimate(prompt)));
            if (prompt.Key != conversations)
                continue;
            foreach (var model in prompt.Where(s => s.Model is not null).GroupBy(s => s.Model!, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
                estimates.Add(new SemanticCacheEstimate(prompt.Key, null, Estimate(model)) { Model = model.Key });
        }

        return estimates;

        static FalseHitEstimateResult Estimate(IEnumerable<ObservedSample> rows) =>
            FalseHitEstimate.Compute(rows.Select(s => new SemanticSample(s.Similarity, IsFalseHit(s.Kind, s.Marked))));
    }

    private sealed record ObservedSample(string PromptKey, double Similarity, string Kind, bool Marked, string? Model);

    /// <summary>A shadow comparison that disagreed, or a served hit an operator marked wrong.</summary>
    private static bool IsFalseHit(string kind, bool markedWrong) =>
        kind == SemanticObservationKindNames.ShadowDisagreed || (kind == SemanticObservationKindNames.Served && markedWrong);

    /// <summary>
    /// Marks the execution's served semantic hit as a wrong cached answer. Not found: no such execution (nor observation);
    /// conflict <c>not-a-semantic-hit</c>: the execution was not served from the semantic cache.
    /// </summary>
    public async Task<Result<SemanticCacheObservationRow>> MarkWrongAsync(Guid executionId, string actor, CancellationToken cancellationToken)
    {
        // The hit may still sit in the writer's buffer.
        await writer.FlushAsync(cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var served = await db.SemanticCacheObservations
            .Where(o => o.ExecutionId == executionId && o.Kind == SemanticObservationKindNames.Served)
            .FirstOrDefaultAsync(cancellationToken);
        if (served is null)
        {
            var known = await db.Executions.AnyAsync(e => e.Id == executionId, cancellationToken)
                || await db.SemanticCacheObservations.AnyAsync(o => o.ExecutionId == executionId, cancellationToken);
            return known
                ? Error.Conflict("not-a-semantic-hit", $"Execution '{executionId}' was not served from the semantic cache.")
                : Error.NotFound("execution-not-found", $"There is no execution '{executionId}'.");
        }

        if (served.MarkedWrongAt is not null)
            return served;

        var now = time.GetUtcNow();
        served.MarkWrong(actor, now);
        db.AuditEvents.Add(new AuditEvent(
            now,
            actor,
            AuditActions.SemanticCacheAnswerMarkedWrong,
            served.PromptKey,
            $"execution:{executionId}",
            string.Create(CultureInfo.InvariantCulture, $"Marked the semantic cache's answer to execution {executionId} (v{served.PromptVersion}, similarity {served.Similarity:0.000}) as wrong"),
            null));
        await db.SaveChangesAsync(cancellationToken);
        return served;
    }
}
