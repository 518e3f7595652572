using Microsoft.JSInterop;

namespace PromptConsole.Web.Components.Layout;

/// <summary>
/// Remembers the light/dark choice in the browser's localStorage, so it follows the person on that
/// browser without an account or a cookie banner.
/// </summary>
public sealed class ThemePreference(IJSRuntime js)
{
    internal const string StorageKey = "promptconsole.theme";

    /// <summary>true for dark, false for light, null when nothing was chosen yet.</summary>
    public async Task<bool?> LoadAsync()
    {
        try
        {
            var value = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
            return value switch { "dark" => true, "light" => false, _ => null };
        }
        catch (JSException)
        {
            return null; // storage blocked (private mode, policy): fall back to the system preference
        }
    }

    public async Task SaveAsync(bool dark)
    {
        try
        {
            await js.InvokeVoidAsync("localStorage.setItem", StorageKey, dark ? "dark" : "light");
        }
        catch (JSException)
        {
            // Not remembered, but the toggle itself still works for this page.
        }
    }
}
