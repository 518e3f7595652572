using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PromptConsole.Tests.Fleet;

/// <summary>Counts the commands that read the Prompts table (the snapshot store's lookup of a key).</summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    private int _promptLookups;

    public int PromptLookups => Volatile.Read(ref _promptLookups);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    private void Count(DbCommand command)
    {
        if (command.CommandText.Contains("FROM \"Prompts\"", StringComparison.Ordinal))
            Interlocked.Increment(ref _promptLookups);
    }
}
