using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>The semantic cache settings of raw conversations in memory; changes go through the real domain rule against the fake catalog.</summary>
public sealed class FakeConversationCacheConsole : IConversationCacheConsole
{
    private readonly FakeModelCatalog _catalog = new();

    public ConversationCacheSettings Current { get; set; } = ConversationCacheSettings.Off;

    public List<(ConversationSemanticCacheChange Change, string Actor)> Changes { get; } = [];

    public Exception? Failure { get; set; }

    public ValueTask<ConversationCacheSettings> CurrentAsync(CancellationToken cancellationToken) =>
        Failure is null ? ValueTask.FromResult(Current) : ValueTask.FromException<ConversationCacheSettings>(Failure);

    public Task<Result<ConversationCacheSettings>> ConfigureAsync(ConversationSemanticCacheChange change, string actor, CancellationToken cancellationToken)
    {
        Changes.Add((change, actor));
        var applied = change.Apply(Current, model => _catalog.Find(model) is not null);
        if (!applied.IsSuccess)
            return Task.FromResult<Result<ConversationCacheSettings>>(applied.Error!);
        Current = applied.Value.WithSaved(new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), actor);
        return Task.FromResult<Result<ConversationCacheSettings>>(Current);
    }
}
