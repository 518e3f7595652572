using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>API keys in memory, validated by the domain's own <see cref="ApiKeyDraftValidator"/>; secrets are predictable.</summary>
public sealed class FakeApiKeyService : IApiKeyService
{
    public static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private readonly List<ApiKeyView> _keys = [];
    private int _next;

    public List<ApiKeyDraft> Drafts { get; } = [];

    public IReadOnlyList<ApiKeyView> Keys => _keys;

    public ApiKeyView Add(string name, params string[] scopes)
    {
        var key = new ApiKeyView(Guid.NewGuid(), name, $"pck_{++_next:D4}", scopes, null, null, null, null, null, Now, "admin", null, null, null, null);
        _keys.Add(key);
        return key;
    }

    public Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKeyView>>([.. _keys]);

    public Task<Result<CreatedApiKey>> CreateAsync(ApiKeyDraft draft, string actor, CancellationToken cancellationToken)
    {
        Drafts.Add(draft);
        var spec = ApiKeyDraftValidator.Validate(draft, Now);
        if (!spec.IsSuccess)
            return Task.FromResult<Result<CreatedApiKey>>(spec.Error!);
        var prefix = $"pck_{++_next:D4}";
        var key = new ApiKeyView(
            Guid.NewGuid(), spec.Value.Name, prefix, [.. ApiKeyScopeNames.All.Where(draft.Scopes!.Contains)], spec.Value.Tenant, spec.Value.Role,
            spec.Value.RequestsPerSecond, spec.Value.TokensPerMinute, spec.Value.MonthlyBudgetUsd, Now, actor, null, null, null, null);
        _keys.Add(key);
        return Task.FromResult<Result<CreatedApiKey>>(new CreatedApiKey(key, $"{prefix}_secret-{_next}"));
    }

    public Task<Result<ApiKeyView>> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken)
    {
        var index = _keys.FindIndex(k => k.Id == id);
        if (index < 0)
            return Task.FromResult<Result<ApiKeyView>>(Error.NotFound("key-not-found", "No such key."));
        _keys[index] = _keys[index] with { RevokedAt = Now, RevokedBy = actor };
        return Task.FromResult<Result<ApiKeyView>>(_keys[index]);
    }
}
