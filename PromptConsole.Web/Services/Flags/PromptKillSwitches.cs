using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Flags;

/// <summary>The kill switch a prompt's snapshot carries, read with the snapshot (the domain evaluator decides whether it is engaged).</summary>
public static class PromptKillSwitches
{
    public static async Task<PromptKillSwitch?> EngagedAsync(PromptConsoleDbContext db, string promptKey, CancellationToken cancellationToken)
    {
        var rows = await db.FeatureFlags.AsNoTracking()
            .Where(f => f.KillSwitchPromptKey == promptKey && f.Enabled)
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : PromptKillSwitch.Engaged(promptKey, rows.Select(r => r.ToFlag()));
    }
}
