using System.Text.Json;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Services.Flags;

/// <summary>The audit events of flag changes, with a sentence a reader of the audit log understands.</summary>
internal static class FlagAudit
{
    public static string Target(string key) => $"flag:{key}";

    public static AuditEvent Created(FeatureFlag flag, string actor, DateTimeOffset at) =>
        Event(flag, actor, AuditActions.FlagCreated, $"created {Describe(flag)}", null, at);

    public static AuditEvent Updated(FeatureFlag before, FeatureFlag after, string actor, DateTimeOffset at) =>
        Event(after, actor, AuditActions.FlagUpdated, $"updated {string.Join(", ", ChangedFields(before, after))}; now {Describe(after)}", null, at);

    public static AuditEvent Switched(FeatureFlag flag, string actor, string? reason, DateTimeOffset at) =>
        Event(
            flag,
            actor,
            flag.Enabled ? AuditActions.FlagEnabled : AuditActions.FlagDisabled,
            flag.KillSwitch is { } target
                ? (flag.Enabled ? $"kill switch engaged: all traffic of {target.PromptKey} → v{target.SafeVersion}" : $"kill switch released: {target.PromptKey} routes normally")
                : $"{flag.Key}: {(flag.Enabled ? "off → on" : "on → off")}",
            reason,
            at);

    public static AuditEvent Deleted(FeatureFlag flag, string actor, DateTimeOffset at) =>
        Event(flag, actor, AuditActions.FlagDeleted, $"deleted {Describe(flag)}", null, at);

    /// <summary>The body fields whose value differs, in body order.</summary>
    public static IReadOnlyList<string> ChangedFields(FeatureFlag before, FeatureFlag after)
    {
        var fields = new List<string>();
        Compare("description", before.Description, after.Description);
        Compare("enabled", before.Enabled, after.Enabled);
        Compare("variants", before.Variants, after.Variants);
        Compare("defaultVariant", before.DefaultVariant, after.DefaultVariant);
        Compare("targeting", before.Targeting, after.Targeting);
        Compare("rollout", before.Rollout, after.Rollout);
        Compare("subjectAttribute", before.SubjectAttribute, after.SubjectAttribute);
        Compare("killSwitch", before.KillSwitch, after.KillSwitch);
        return fields.Count > 0 ? fields : ["nothing"];

        void Compare<T>(string field, T left, T right)
        {
            if (JsonSerializer.Serialize(left) != JsonSerializer.Serialize(right))
                fields.Add(field);
        }
    }

    private static string Describe(FeatureFlag flag) => flag.KillSwitch is { } target
        ? $"kill switch for {target.PromptKey} (safe v{target.SafeVersion}), {(flag.Enabled ? "engaged" : "off")}"
        : $"flag {flag.Key}, {(flag.Enabled ? "on" : "off")}, variants {string.Join("/", flag.Variants.Select(v => v.Name))}, default {flag.DefaultVariant}";

    // A kill switch's events carry its prompt's key, so they show in that prompt's audit too.
    private static AuditEvent Event(FeatureFlag flag, string actor, string action, string summary, string? reason, DateTimeOffset at) =>
        new(at, actor, action, flag.KillSwitch?.PromptKey, Target(flag.Key), summary, reason);
}
