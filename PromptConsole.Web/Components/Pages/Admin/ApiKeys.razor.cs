using System.Globalization;
using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Access;

namespace PromptConsole.Web.Components.Pages.Admin;

/// <summary>API keys for applications and automation (Admins only).</summary>
public partial class ApiKeys
{
    [Inject] private ApiKeysViewModel Model { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
