using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>Creates the configured provider's context, seen by the rest of the application as the base type.</summary>
public sealed class PromptConsoleDbContextFactory(DbContextOptions<PromptConsoleDbContext> contextOptions, IOptions<DatabaseOptions> databaseOptions)
    : IDbContextFactory<PromptConsoleDbContext>
{
    private readonly DatabaseProvider _provider = databaseOptions.Value.ParsedProvider;

    public PromptConsoleDbContext CreateDbContext() => DatabaseProviders.CreateContext(_provider, contextOptions);
}
