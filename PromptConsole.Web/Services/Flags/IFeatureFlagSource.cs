using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Flags;

/// <summary>Where <see cref="FlagDefinitionCache"/> loads every flag from.</summary>
public interface IFeatureFlagSource
{
    Task<IReadOnlyList<FeatureFlag>> LoadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>The flags table. Flags are few (tens to hundreds), so the cache loads all of them at once.</summary>
public sealed class DatabaseFeatureFlagSource(IDbContextFactory<PromptConsoleDbContext> dbFactory) : IFeatureFlagSource
{
    public async Task<IReadOnlyList<FeatureFlag>> LoadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FeatureFlags.AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => r.ToFlag()).ToArray();
    }
}
