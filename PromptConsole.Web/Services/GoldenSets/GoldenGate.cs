using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Services.GoldenSets;

/// <summary>
/// The golden gate on human releases (deploys from the API and the console, canary starts). It reads the
/// prompt's policy, case count and the version's last golden run, lets <see cref="GoldenGatePolicy"/>
/// decide, and audits an override. Experiment ships, canary promotions and rollbacks do not come here.
/// </summary>
public sealed class GoldenGate(IDbContextFactory<PromptConsoleDbContext> dbFactory, TimeProvider time) : IGoldenGate
{
    public const string Code = "golden-gate";

    public async Task<Error?> CheckReleaseAsync(
        string promptKey,
        int version,
        string action,
        string versionField,
        string? overrideReason,
        string actor,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var required = await db.GoldenPolicies.AsNoTracking().Where(p => p.PromptKey == promptKey).Select(p => p.RequireGoldenPass).FirstOrDefaultAsync(cancellationToken);
        var caseCount = await db.GoldenCases.CountAsync(c => c.PromptKey == promptKey, cancellationToken);
        var lastRun = await db.GoldenRuns.AsNoTracking()
            .Where(r => r.PromptKey == promptKey && r.Version == version)
            .OrderByDescending(r => r.CompletedAt)
            .Select(r => new GoldenRunOutcome(version, r.Passed, r.CaseCount, r.FailedCount, r.CompletedAt))
            .FirstOrDefaultAsync(cancellationToken);

        var decision = GoldenGatePolicy.Decide(version, required, caseCount, lastRun);
        if (decision.Allowed)
            return null;

        if (string.IsNullOrWhiteSpace(overrideReason))
        {
            return new Error(
                ErrorKind.Conflict,
                Code,
                $"The golden gate refuses to {Verb(action)} v{version}: {decision.Refusal} Run the golden set again, or override with a reason.",
                [new FieldError(versionField, decision.Refusal!)]);
        }

        var now = time.GetUtcNow();
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.GoldenGateOverridden, promptKey, $"version:{version}",
            $"{action} of v{version} went ahead over the golden gate: {decision.Refusal}", overrideReason.Trim()));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>"deploy v3", "start a canary of v3".</summary>
    private static string Verb(string action) => action == "canary" ? "start a canary of" : action;
}
