using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.TestSupport;

/// <summary>Writes execution records and audit events straight into an application's database (history as it would have been recorded).</summary>
public static class ExecutionSeeding
{
    public static ExecutionRecord Record(
        string prompt,
        DateTimeOffset startedAt,
        ExecutionOutcome outcome = ExecutionOutcome.Success,
        string? errorType = null,
        string model = "sim-fast",
        double latencyMs = 100,
        int inputTokens = 100,
        int outputTokens = 50,
        decimal costUsd = 0.0001m,
        CacheLevel cache = CacheLevel.Miss,
        int? feedback = null,
        double? automatedScore = null,
        string evaluator = "judge",
        string? subject = null,
        string? traceId = null)
    {
        var record = new ExecutionRecord(Guid.CreateVersion7(startedAt), startedAt, prompt, 1, "label", "production", null, subject);
        record.Complete(outcome, model, true, errorType, latencyMs, 1, inputTokens, outputTokens, costUsd, "hash", null, traceId);
        if (cache != CacheLevel.Miss)
            record.ServedFromCache(cache);
        if (feedback is { } score)
            record.RecordFeedback(score, startedAt.AddMinutes(1));
        if (automatedScore is { } value)
            record.RecordAutomatedScore(new AutomatedScore(value, evaluator), startedAt.AddMinutes(2));
        return record;
    }

    public static async Task SeedAsync(this IServiceProvider services, IEnumerable<ExecutionRecord> records, IEnumerable<AuditEvent>? audit = null)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        foreach (var chunk in records.Chunk(500))
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.Executions.AddRange(chunk);
            await db.SaveChangesAsync();
        }

        if (audit is null)
            return;
        await using var auditDb = await contexts.CreateDbContextAsync();
        auditDb.AuditEvents.AddRange(audit);
        await auditDb.SaveChangesAsync();
    }
}
