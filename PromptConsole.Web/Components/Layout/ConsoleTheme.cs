using MudBlazor;

namespace PromptConsole.Web.Components.Layout;

/// <summary>The console's light and dark palettes; one theme object so both stay in step.</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1a56b8",
            Secondary = "#6a4c93",
            AppbarBackground = "#1a3a6b",
            AppbarText = "#ffffff",
            Background = "#f6f7f9",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7aa7ff",
            Secondary = "#b69cdf",
            AppbarBackground = "#16213a",
            AppbarText = "#e8eaed",
        },
        Typography = new Typography
        {
            // No web fonts: the console must work without the internet, so the platform's own UI font is used.
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
