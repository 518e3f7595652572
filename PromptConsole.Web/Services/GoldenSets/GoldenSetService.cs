using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services.GoldenSets;

/// <summary>
/// The golden-set service over EF Core. Each change saves its row and its audit event in one SaveChanges.
/// Golden sets do not affect routing, so no prompt snapshot is invalidated.
/// </summary>
public sealed class GoldenSetService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    GoldenCaseRunner runner,
    ITemplateRenderer renderer,
    TimeProvider time) : IGoldenSetService
{
    /// <summary>Cases run a few at a time: enough to finish tens of cases quickly, few enough not to flood a provider.</summary>
    public const int MaxParallelCases = 4;

    public async Task<Result<IReadOnlyList<GoldenCase>>> ListCasesAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;
        return Result<IReadOnlyList<GoldenCase>>.Success(await CasesAsync(db, promptKey, cancellationToken));
    }

    public async Task<Result<GoldenCase>> GetCaseAsync(string promptKey, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GoldenCases.AsNoTracking().FirstOrDefaultAsync(c => c.PromptKey == promptKey && c.Id == id, cancellationToken);
        return row is null ? CaseNotFound(promptKey, id) : row.ToCase();
    }

    public async Task<Result<GoldenCase>> CreateCaseAsync(string promptKey, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;
        var definition = GoldenCaseValidator.Validate(draft);
        if (!definition.IsSuccess)
            return definition.Error!;
        if (await db.GoldenCases.CountAsync(c => c.PromptKey == promptKey, cancellationToken) >= GoldenCaseValidator.MaxCasesPerPrompt)
            return Error.Conflict("golden-set-full", $"Prompt '{promptKey}' already has {GoldenCaseValidator.MaxCasesPerPrompt} golden cases, the most a golden set holds.");
        if (await db.GoldenCases.AnyAsync(c => c.PromptKey == promptKey && c.Name == definition.Value.Name, cancellationToken))
            return NameTaken(definition.Value.Name);

        var now = time.GetUtcNow();
        var row = GoldenCaseRow.New(promptKey, definition.Value, actor, now);
        db.GoldenCases.Add(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.GoldenCaseCreated, promptKey, CaseTarget(row.Name),
            $"golden case '{row.Name}' added: {GoldenSummaries.Describe(row.Variables, row.Expectations)}", null));
        return await SaveAsync(db, row.Name, cancellationToken) ?? Result<GoldenCase>.Success(row.ToCase());
    }

    public async Task<Result<GoldenCase>> UpdateCaseAsync(string promptKey, Guid id, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GoldenCases.FirstOrDefaultAsync(c => c.PromptKey == promptKey && c.Id == id, cancellationToken);
        if (row is null)
            return CaseNotFound(promptKey, id);
        var definition = GoldenCaseValidator.Validate(draft);
        if (!definition.IsSuccess)
            return definition.Error!;
        if (await db.GoldenCases.AnyAsync(c => c.PromptKey == promptKey && c.Name == definition.Value.Name && c.Id != id, cancellationToken))
            return NameTaken(definition.Value.Name);

        var now = time.GetUtcNow();
        var before = row.Name;
        row.Apply(definition.Value, actor, now);
        var renamed = before == row.Name ? string.Empty : $" (renamed from '{before}')";
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.GoldenCaseUpdated, promptKey, CaseTarget(row.Name),
            $"golden case '{row.Name}' changed{renamed}: {GoldenSummaries.Describe(row.Variables, row.Expectations)}", null));
        return await SaveAsync(db, row.Name, cancellationToken) ?? Result<GoldenCase>.Success(row.ToCase());
    }

    public async Task<Result<GoldenCase>> DeleteCaseAsync(string promptKey, Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GoldenCases.FirstOrDefaultAsync(c => c.PromptKey == promptKey && c.Id == id, cancellationToken);
        if (row is null)
            return CaseNotFound(promptKey, id);

        var now = time.GetUtcNow();
        db.GoldenCases.Remove(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.GoldenCaseDeleted, promptKey, CaseTarget(row.Name),
            $"golden case '{row.Name}' removed", null));
        return await SaveAsync(db, row.Name, cancellationToken) ?? Result<GoldenCase>.Success(row.ToCase());
    }

    public async Task<Result<GoldenRun>> RunVersionAsync(string promptKey, int version, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.Prompts.AsNoTracking()
            .Where(p => p.Key == promptKey)
            .Select(p => new { Numbers = p.Versions.Select(v => v.Number).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (versions is null)
            return PromptNotFound(promptKey);
        if (!versions.Numbers.Contains(version))
            return new Error(ErrorKind.NotFound, "version-not-found", $"Prompt '{promptKey}' has no version {version}.", [new FieldError("version", $"There is no version {version}.")]);

        return await RunAsync(db, promptKey, version, actor, (c, ct) => runner.RunVersionAsync(promptKey, version, c, ct), cancellationToken);
    }

    public async Task<Result<GoldenRun>> RunDraftAsync(string promptKey, VersionDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;

        // The same review a save would do, so a draft that could never become a version is not run.
        var review = VersionDraftValidator.Review(draft);
        var errors = review.IsValid ? renderer.CheckCompiles(draft) : review.Errors;
        if (errors.Count > 0)
            return Error.Validation("invalid-version", "The draft is not a valid version.", errors.Select(e => e with { Field = "draft." + e.Field }).ToArray());

        return await RunAsync(db, promptKey, null, actor, (c, ct) => runner.RunDraftAsync(draft, c, ct), cancellationToken);
    }

    public async Task<Result<IReadOnlyList<GoldenRun>>> ListRunsAsync(string promptKey, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;
        var query = db.GoldenRuns.AsNoTracking().Where(r => r.PromptKey == promptKey);
        if (version is { } number)
            query = query.Where(r => r.Version == number);
        var rows = await query.OrderByDescending(r => r.CompletedAt).Take(100).ToListAsync(cancellationToken);
        return rows.Select(r => ToRun(r, withResults: false)).ToArray();
    }

    public async Task<Result<GoldenRun>> GetRunAsync(string promptKey, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GoldenRuns.AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.PromptKey == promptKey && r.Id == id, cancellationToken);
        return row is null
            ? Error.NotFound("golden-run-not-found", $"Prompt '{promptKey}' has no golden run {id}.")
            : ToRun(row, withResults: true);
    }

    public async Task<Result<bool>> GetRequireGoldenPassAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;
        return await db.GoldenPolicies.AsNoTracking().Where(p => p.PromptKey == promptKey).Select(p => p.RequireGoldenPass).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Result<bool>> SetRequireGoldenPassAsync(string promptKey, bool requireGoldenPass, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await PromptMissingAsync(db, promptKey, cancellationToken) is { } missing)
            return missing;

        var row = await db.GoldenPolicies.FirstOrDefaultAsync(p => p.PromptKey == promptKey, cancellationToken);
        if (row is null)
        {
            row = new GoldenPolicyRow(promptKey);
            db.GoldenPolicies.Add(row);
        }
        else if (row.RequireGoldenPass == requireGoldenPass)
        {
            return requireGoldenPass;
        }

        var now = time.GetUtcNow();
        row.Set(requireGoldenPass, actor, now);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.GoldenPolicyUpdated, promptKey, "golden-policy",
            requireGoldenPass
                ? "a passing golden run is now required before deploying or canarying a version"
                : "a passing golden run is no longer required before release (a failed last run still blocks)",
            null));
        if (await SaveAsync(db, "golden-policy", cancellationToken) is { } error)
            return error;
        return requireGoldenPass;
    }

    private async Task<Result<GoldenRun>> RunAsync(
        PromptConsoleDbContext db,
        string promptKey,
        int? version,
        string actor,
        Func<GoldenCase, CancellationToken, Task<GoldenCaseRunOutput>> run,
        CancellationToken cancellationToken)
    {
        var cases = await CasesAsync(db, promptKey, cancellationToken);
        if (cases.Count == 0)
        {
            return new Error(ErrorKind.Conflict, "golden-set-empty", $"Prompt '{promptKey}' has no golden cases to run.",
                [new FieldError("cases", "Add at least one golden case first.")]);
        }

        var startedAt = time.GetUtcNow();
        var results = new GoldenCaseResultRow[cases.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCases, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var goldenCase = cases[i];
                var output = await run(goldenCase, ct);
                var verdict = GoldenCaseEvaluator.Evaluate(goldenCase.Expectations, output.Observation);
                results[i] = new GoldenCaseResultRow(
                    i, goldenCase.Id, goldenCase.Name, verdict.Passed, output.Observation.Output, output.Observation.LatencyMs, output.ExecutionId, verdict.Failures);
            });

        var completedAt = time.GetUtcNow();
        var row = new GoldenRunRow(Guid.CreateVersion7(startedAt), promptKey, version, startedAt, completedAt, actor, results);
        db.GoldenRuns.Add(row);
        db.AuditEvents.Add(new AuditEvent(completedAt, actor, AuditActions.GoldenRunCompleted, promptKey,
            version is { } number ? $"version:{number}" : "draft", GoldenSummaries.DescribeRun(row), null));
        await db.SaveChangesAsync(CancellationToken.None);
        return ToRun(row, withResults: true);
    }

    private static async Task<IReadOnlyList<GoldenCase>> CasesAsync(PromptConsoleDbContext db, string promptKey, CancellationToken cancellationToken)
    {
        var rows = await db.GoldenCases.AsNoTracking().Where(c => c.PromptKey == promptKey).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.ToCase()).ToArray();
    }

    private static GoldenRun ToRun(GoldenRunRow row, bool withResults) => new(
        row.Id,
        row.PromptKey,
        row.Version,
        row.Passed,
        row.CaseCount,
        row.FailedCount,
        row.StartedAt,
        row.CompletedAt,
        row.Actor,
        withResults
            ? row.Results.OrderBy(r => r.Position).Select(r => new GoldenCaseResult(r.CaseId, r.CaseName, r.Passed, r.Output, r.LatencyMs, r.ExecutionId, r.Failures)).ToArray()
            : []);

    private static async Task<Error?> PromptMissingAsync(PromptConsoleDbContext db, string promptKey, CancellationToken cancellationToken) =>
        await db.Prompts.AnyAsync(p => p.Key == promptKey, cancellationToken) ? null : PromptNotFound(promptKey);

    private static async Task<Error?> SaveAsync(PromptConsoleDbContext db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (db.IsUniqueViolation(exception))
        {
            return NameTaken(name);
        }
    }

    public static string CaseTarget(string name) => "golden-case:" + name;

    private static Error PromptNotFound(string key) => Error.NotFound("prompt-not-found", $"There is no prompt '{key}'.");

    private static Error CaseNotFound(string key, Guid id) => Error.NotFound("golden-case-not-found", $"Prompt '{key}' has no golden case {id}.");

    private static Error NameTaken(string name) =>
        new(ErrorKind.Conflict, "golden-case-exists", $"There is already a golden case named '{name}'.", [new FieldError("name", "Another case has this name.")]);
}
