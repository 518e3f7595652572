using System.Globalization;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Model.Access;

/// <summary>The API keys page (Admins): the keys, a form to create one (its secret shown once), and revoking.</summary>
public sealed class ApiKeysViewModel(IApiKeyService keys, IConsoleUser user)
{
    /// <summary>Fields whose messages stand under their inputs, so the error panel does not repeat them.</summary>
    public static readonly string[] PlacedFields = ["name", "scopes", "tenant", "requestsPerSecond", "tokensPerMinute", "monthlyBudgetUsd"];

    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    public bool Loaded { get; private set; }

    public ErrorView? Error { get; private set; }

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    /// <summary>The secret of the key just created; gone once the page is left or another action runs.</summary>
    public string? CreatedSecret { get; private set; }

    public string NewName { get; set; } = string.Empty;

    public bool NewExecute { get; set; } = true;

    public bool NewEvaluate { get; set; }

    public bool NewManage { get; set; }

    public ConsoleRole NewRole { get; set; } = ConsoleRole.Operator;

    public string NewTenant { get; set; } = string.Empty;

    public int? NewRequestsPerSecond { get; set; }

    public int? NewTokensPerMinute { get; set; }

    public decimal? NewMonthlyBudgetUsd { get; set; }

    public IReadOnlyList<ConsoleRole> Roles { get; } = Enum.GetValues<ConsoleRole>();

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Keys = await keys.ListAsync(cancellationToken);
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The API keys could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public async Task CreateAsync()
    {
        var scopes = new List<string>();
        if (NewExecute)
            scopes.Add(ApiKeyScopeNames.Execute);
        if (NewEvaluate)
            scopes.Add(ApiKeyScopeNames.Evaluate);
        if (NewManage)
            scopes.Add(ApiKeyScopeNames.Manage);
        var draft = new ApiKeyDraft(
            NewName,
            scopes,
            NewTenant,
            NewManage ? ConsoleRoles.NameOf(NewRole) : null,
            NewRequestsPerSecond,
            NewTokensPerMinute,
            NewMonthlyBudgetUsd,
            null);
        var created = await keys.CreateAsync(draft, user.Name, CancellationToken.None);
        if (!created.IsSuccess)
        {
            ActionError = ErrorView.From(created.Error!);
            ActionStatus = CreatedSecret = null;
            return;
        }

        CreatedSecret = created.Value.Secret;
        ActionStatus = $"The key '{created.Value.Key.Name}' was created. Copy its secret now: it is not shown again.";
        ActionError = null;
        NewName = NewTenant = string.Empty;
        NewRequestsPerSecond = NewTokensPerMinute = null;
        NewMonthlyBudgetUsd = null;
        await LoadAsync();
    }

    public async Task RevokeAsync(Guid id)
    {
        var revoked = await keys.RevokeAsync(id, user.Name, CancellationToken.None);
        CreatedSecret = null;
        if (!revoked.IsSuccess)
        {
            ActionError = ErrorView.From(revoked.Error!);
            ActionStatus = null;
            return;
        }

        ActionStatus = $"The key '{revoked.Value.Name}' is revoked: calls with it get 401 on every instance.";
        ActionError = null;
        await LoadAsync();
    }

    public static string Limits(ApiKeyView key)
    {
        var parts = new List<string>();
        if (key.RequestsPerSecond is { } rps)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rps} req/s"));
        if (key.TokensPerMinute is { } tpm)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tpm:N0} tokens/min"));
        if (key.MonthlyBudgetUsd is { } budget)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"${budget:N2}/month"));
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
