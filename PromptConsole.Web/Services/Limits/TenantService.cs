using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Infrastructure.Limits;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Limits;

/// <summary>A tenant with what it used this calendar month (UTC) across instances.</summary>
public sealed record TenantUsage(TenantRow Tenant, string Month, MonthlyUsage Usage);

/// <summary>
/// Tenants and their limits: list, read, create-or-update, delete. Every change is audited (target
/// <c>tenant:{name}</c>) and drops the tenant cache here and on the other instances.
/// </summary>
public sealed class TenantService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    TenantDirectory directory,
    MonthlyUsageLedger ledger,
    TimeProvider time)
{
    public const string Created = "tenant.created";
    public const string Updated = "tenant.updated";
    public const string Deleted = "tenant.deleted";

    public static string AuditTarget(string name) => "tenant:" + name;

    public async Task<IReadOnlyList<TenantUsage>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var views = new List<TenantUsage>(tenants.Count);
        foreach (var tenant in tenants)
            views.Add(await WithUsageAsync(tenant, cancellationToken));
        return views;
    }

    public async Task<Result<TenantUsage>> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (TenantName.Check(name) is { } invalid)
            return Error.Validation("invalid-tenant", invalid.Message, [invalid]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
        return tenant is null ? NotFound(name) : await WithUsageAsync(tenant, cancellationToken);
    }

    /// <summary>Creates the tenant or replaces its limits; the boolean says whether it was created.</summary>
    public async Task<Result<(TenantUsage Tenant, bool Created)>> PutAsync(string name, UsageLimits limits, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<FieldError>();
        if (TenantName.Check(name) is { } invalidName)
            errors.Add(invalidName);
        errors.AddRange(UsageLimitsValidator.FieldErrors(limits));
        if (errors.Count > 0)
            return Error.Validation("invalid-tenant", "The tenant is not valid.", errors);

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
        var created = tenant is null;
        if (tenant is null)
        {
            tenant = new TenantRow(name, limits, now);
            db.Tenants.Add(tenant);
            db.AuditEvents.Add(new AuditEvent(now, actor, Created, null, AuditTarget(name), "created: " + Describe(limits), null));
        }
        else
        {
            var before = tenant.Limits;
            tenant.Apply(limits, now);
            db.AuditEvents.Add(new AuditEvent(now, actor, Updated, null, AuditTarget(name), $"limits: {Describe(before)} → {Describe(limits)}", null));
        }

        if (await db.SaveOrConflictAsync(() => Error.Conflict("tenant-conflict", $"Tenant '{name}' was changed at the same time; try again."), cancellationToken) is { } conflict)
            return conflict;
        directory.Invalidate();
        return (await WithUsageAsync(tenant, cancellationToken), created);
    }

    public async Task<Result<string>> DeleteAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (TenantName.Check(name) is { } invalid)
            return Error.Validation("invalid-tenant", invalid.Message, [invalid]);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
        if (tenant is null)
            return NotFound(name);
        db.Tenants.Remove(tenant);
        db.AuditEvents.Add(new AuditEvent(now, actor, Deleted, null, AuditTarget(name), "deleted; limits were " + Describe(tenant.Limits), null));
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate();
        return name;
    }

    private async Task<TenantUsage> WithUsageAsync(TenantRow tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var usage = await ledger.ReadAsync(UsageCaller.ScopeOfTenant(tenant.Name), now, cancellationToken);
        var month = UsageWindows.StartOf(UsageWindowKind.Month, now).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return new TenantUsage(tenant, month, usage);
    }

    private static Error NotFound(string name) => Error.NotFound("tenant-not-found", $"There is no tenant '{name}'.");

    private static string Describe(UsageLimits limits) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"rps {limits.RequestsPerSecond?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}, tpm {limits.TokensPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}, budget {(limits.MonthlyBudgetUsd is { } b ? "$" + b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "∞")}");
}
