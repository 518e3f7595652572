using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Caching;

/// <summary>What the console does with the semantic cache settings of raw conversations (the cache page's section).</summary>
public interface IConversationCacheConsole
{
    ValueTask<ConversationCacheSettings> CurrentAsync(CancellationToken cancellationToken);

    Task<Result<ConversationCacheSettings>> ConfigureAsync(ConversationSemanticCacheChange change, string actor, CancellationToken cancellationToken);
}
