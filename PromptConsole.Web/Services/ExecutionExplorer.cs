using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services;

/// <summary>One row of the executions list: everything but the captured text, which only the detail shows.</summary>
public sealed record ExecutionSummary(
    Guid Id,
    DateTimeOffset StartedAt,
    string PromptKey,
    int PromptVersion,
    string RouteKind,
    string RouteId,
    string? RouteArm,
    ExecutionOrigin Origin,
    string Model,
    bool Simulated,
    ExecutionOutcome Outcome,
    string? ErrorType,
    CacheLevel Cache,
    double LatencyMs,
    int Attempts,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    string? TraceId,
    int? FeedbackScore,
    string? Tenant = null);

/// <summary>A page of executions, newest first, and how many match the filter in all.</summary>
public sealed record ExecutionPage(IReadOnlyList<ExecutionSummary> Items, int Total, int Skip, int Take);

/// <summary>Browses the recorded executions (the request log) for the console and the management API.</summary>
public interface IExecutionExplorer
{
    Task<ExecutionPage> SearchAsync(ExecutionQuery query, CancellationToken cancellationToken = default);

    /// <summary>The whole record, captured text included when it was captured; null for an unknown id.</summary>
    Task<ExecutionRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <summary>
/// Offset paging with a total count: the console's grid pages by number and shows the total, and
/// every filter has an index that starts with it and continues with <c>StartedAt</c>, so both
/// the count and a page near the top read an index range rather than the table. Keyset paging
/// would make very deep pages cheaper, but nobody reads page 2,000 of a request log: they filter.
/// </summary>
public sealed class ExecutionExplorer(IDbContextFactory<PromptConsoleDbContext> contexts) : IExecutionExplorer
{
    public async Task<ExecutionPage> SearchAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db.Executions.AsNoTracking(), query.Filter);

        var total = await matching.CountAsync(cancellationToken);
        var items = total <= query.Skip
            ? []
            : await NewestFirst(matching)
                .Skip(query.Skip).Take(query.Take)
                .Select(e => new ExecutionSummary(
                    e.Id, e.StartedAt, e.PromptKey, e.PromptVersion, e.RouteKind, e.RouteId, e.RouteArm, e.Origin,
                    e.Model, e.Simulated, e.Outcome, e.ErrorType, e.Cache, e.LatencyMs, e.Attempts,
                    e.InputTokens, e.OutputTokens, e.CostUsd, e.TraceId, e.FeedbackScore, e.Tenant))
                .ToListAsync(cancellationToken);
        return new ExecutionPage(items, total, query.Skip, query.Take);
    }

    public async Task<ExecutionRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    /// <summary>The list's order; the id breaks ties between executions that started in the same tick, so pages never overlap.</summary>
    public static IQueryable<ExecutionRecord> NewestFirst(IQueryable<ExecutionRecord> rows) =>
        rows.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id);

    /// <summary>The executions that <paramref name="filter"/> selects (public so the query plans can be checked).</summary>
    public static IQueryable<ExecutionRecord> Matching(IQueryable<ExecutionRecord> rows, ExecutionFilter filter)
    {
        if (filter.PromptKey is { } prompt)
            rows = rows.Where(e => e.PromptKey == prompt);
        if (filter.PromptVersion is { } version)
            rows = rows.Where(e => e.PromptVersion == version);
        if (filter.Outcome is { } outcome)
            rows = rows.Where(e => e.Outcome == outcome);
        if (filter.Cache is { } cache)
            rows = rows.Where(e => e.Cache == cache);
        if (filter.Model is { } model)
            rows = rows.Where(e => e.Model == model);
        if (filter.Origin is { } origin)
            rows = rows.Where(e => e.Origin == origin);
        // Npgsql writes only UTC instants to timestamptz; the same instant in UTC compares the same everywhere.
        if (filter.From?.ToUniversalTime() is { } from)
            rows = rows.Where(e => e.StartedAt >= from);
        if (filter.To?.ToUniversalTime() is { } to)
            rows = rows.Where(e => e.StartedAt < to);
        if (filter.ErrorType is { } errorType)
            rows = rows.Where(e => e.ErrorType == errorType);
        if (filter.TraceId is { } traceId)
            rows = rows.Where(e => e.TraceId == traceId);
        if (filter.Tenant is { } tenant)
            rows = rows.Where(e => e.Tenant == tenant);
        return rows;
    }
}
