using MudBlazor;

namespace Loyalty.Web.Components.Layout;

internal static class PortalTheme
{
    // No web fonts can be fetched on a self-hosted install: the system's own UI font is used.
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Ubuntu", "Cantarell", "Noto Sans", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2F6FDE",
            Secondary = "#F29F05",
            AppbarBackground = "#1F3B73",
            Background = "#F5F7FB",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6EA2FF",
            Secondary = "#FFB84D",
            AppbarBackground = "#16213A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}
