using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>The semantic section's backend in memory, validated by the domain against the declarations a test gives.</summary>
public sealed class FakeSemanticCacheConsole : ISemanticCacheConsole
{
    public Dictionary<string, SemanticCacheSettings> Settings { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<VariableDeclaration> Declarations { get; set; } = [new("name", VariableType.Text)];

    public List<(string Key, SemanticCacheChange Change, string Actor)> Changes { get; } = [];

    public SemanticCacheFigures? CurrentFigures { get; set; }

    public Task<Result<SemanticCacheState>> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<Result<SemanticCacheState>>(State(key, Settings.GetValueOrDefault(key) ?? SemanticCacheSettings.Off));

    public Task<Result<SemanticCacheState>> ConfigureAsync(string key, SemanticCacheChange change, string actor, CancellationToken cancellationToken)
    {
        var current = Settings.GetValueOrDefault(key) ?? SemanticCacheSettings.Off;
        var applied = change.Apply(current, Declarations.Select(d => d.Name).ToArray(), Declarations);
        if (!applied.IsSuccess)
            return Task.FromResult<Result<SemanticCacheState>>(applied.Error!);
        Settings[key] = applied.Value;
        Changes.Add((key, change, actor));
        return Task.FromResult<Result<SemanticCacheState>>(State(key, applied.Value));
    }

    public IReadOnlyList<SemanticCacheFigures> Figures() => CurrentFigures is { } f ? [f] : [];

    private SemanticCacheState State(string key, SemanticCacheSettings settings) =>
        new(key, settings, SemanticVariablePolicies.Resolve(Declarations, settings), CurrentFigures)
        {
            Defaults = SemanticVariablePolicies.Resolve(Declarations, SemanticCacheSettings.Off),
        };
}
