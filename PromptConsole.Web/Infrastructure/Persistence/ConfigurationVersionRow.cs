using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One global change counter for everything the execution path caches (prompts, versions, labels, experiments,
/// canaries, flags, keys, tenants, the semantic cache settings of raw conversations). It is bumped inside the same transaction as each such change (see
/// <see cref="ConfigurationVersionBump"/>), so an instance that polls it sees a new value exactly when a
/// change has committed, in commit order: the UPDATE takes the row lock, so two writers are serialised and neither
/// bump can be seen before its change. It is the fallback that keeps several instances consistent when Redis
/// pub/sub is down or absent. A single row rather than one per prompt keeps the write a plain UPDATE on every
/// provider (no upsert) and the poll one primary-key read; the price is that a change drops every cached
/// snapshot on the other instances, which is cheap because configuration changes are rare.
/// </summary>
public sealed class ConfigurationVersionRow
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long Version { get; set; }

    /// <summary>True when a save about to run changes something the execution path caches.</summary>
    public static bool IsTouchedBy(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            if (entry.Entity is Prompt or PromptVersion or Label or LabelMove or FeatureFlagRow or StoredExperiment or StoredCanary or Access.ApiKeyRow or TenantRow or ConversationCacheSettingsRow)
                return true;
        }

        return false;
    }
}
