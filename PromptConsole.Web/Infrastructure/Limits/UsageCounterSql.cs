using System.Data.Common;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// The raw SQL behind the database counters, one statement per operation and provider: an atomic add that returns
/// the row's new totals (PostgreSQL and SQLite: <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>; SQL Server:
/// <c>MERGE … WITH (HOLDLOCK) … OUTPUT</c>, the lock hint closing the gap between the match and the insert), a
/// read of several scopes in one window, and the pruning delete. Identifiers are double-quoted, which all three accept.
/// </summary>
internal static class UsageCounterSql
{
    private const string Upsert = """
        INSERT INTO "UsageCounters" ("Scope", "Window", "Requests", "Tokens", "CostNanoUsd", "ExpiresAtUnixSeconds")
        VALUES (@scope, @window, @requests, @tokens, @cost, @expires)
        ON CONFLICT ("Scope", "Window") DO UPDATE SET
            "Requests" = "UsageCounters"."Requests" + excluded."Requests",
            "Tokens" = "UsageCounters"."Tokens" + excluded."Tokens",
            "CostNanoUsd" = "UsageCounters"."CostNanoUsd" + excluded."CostNanoUsd"
        RETURNING "Requests", "Tokens", "CostNanoUsd"
        """;

    private const string Merge = """
        MERGE "UsageCounters" WITH (HOLDLOCK) AS t
        USING (SELECT @scope AS "Scope", @window AS "Window") AS s
        ON t."Scope" = s."Scope" AND t."Window" = s."Window"
        WHEN MATCHED THEN UPDATE SET
            "Requests" = t."Requests" + @requests,
            "Tokens" = t."Tokens" + @tokens,
            "CostNanoUsd" = t."CostNanoUsd" + @cost
        WHEN NOT MATCHED THEN INSERT ("Scope", "Window", "Requests", "Tokens", "CostNanoUsd", "ExpiresAtUnixSeconds")
            VALUES (@scope, @window, @requests, @tokens, @cost, @expires)
        OUTPUT inserted."Requests", inserted."Tokens", inserted."CostNanoUsd";
        """;

    /// <summary>Adds to the counter (creating it) and returns its totals after the add.</summary>
    public static async Task<UsageCounterValues> AddAsync(
        DbConnection connection, DbTransaction? transaction, DatabaseProvider provider, UsageCounterDelta delta, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = provider == DatabaseProvider.SqlServer ? Merge : Upsert;
        Parameter(command, "@scope", delta.Scope);
        Parameter(command, "@window", delta.Window);
        Parameter(command, "@requests", delta.Requests);
        Parameter(command, "@tokens", delta.Tokens);
        Parameter(command, "@cost", delta.CostNanoUsd);
        Parameter(command, "@expires", delta.ExpiresAtUnixSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException($"The usage counter upsert for {delta.Scope} {delta.Window} returned no row.");
        return new UsageCounterValues(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The counters of <paramref name="scopes"/> in one window; scopes without a row are absent.</summary>
    public static async Task<Dictionary<string, UsageCounterValues>> ReadAsync(
        DbConnection connection, string window, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, UsageCounterValues>(StringComparer.Ordinal);
        if (scopes.Count == 0)
            return found;
        await using var command = connection.CreateCommand();
        var names = new string[scopes.Count];
        for (var i = 0; i < scopes.Count; i++)
        {
            names[i] = "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Parameter(command, names[i], scopes[i]);
        }

        Parameter(command, "@window", window);
        command.CommandText = $"""
            SELECT "Scope", "Requests", "Tokens", "CostNanoUsd" FROM "UsageCounters"
            WHERE "Window" = @window AND "Scope" IN ({string.Join(", ", names)})
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = new UsageCounterValues(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return found;
    }

    /// <summary>Deletes the counters whose windows are long over; returns how many.</summary>
    public static async Task<int> PruneAsync(DbConnection connection, long nowUnixSeconds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """DELETE FROM "UsageCounters" WHERE "ExpiresAtUnixSeconds" < @now""";
        Parameter(command, "@now", nowUnixSeconds);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>What to add to one counter, and when a newly created row may be pruned.</summary>
internal readonly record struct UsageCounterDelta(string Scope, string Window, long Requests, long Tokens, long CostNanoUsd, long ExpiresAtUnixSeconds);

/// <summary>A counter's totals.</summary>
public readonly record struct UsageCounterValues(long Requests, long Tokens, long CostNanoUsd);
