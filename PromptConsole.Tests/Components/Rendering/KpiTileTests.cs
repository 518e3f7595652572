using Bunit;
using PromptConsole.Web.Components.Controls;

namespace PromptConsole.Tests.Components.Rendering;

public class KpiTileTests : MudComponentTest
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("warn", "pc-kpi-warn")]
    [InlineData("bad", "pc-kpi-bad")]
    public void A_tile_shows_its_label_value_and_detail_and_its_tone(string? tone, string toneClass)
    {
        var tile = Render<KpiTile>(p => p
            .Add(t => t.Label, "Error rate").Add(t => t.Value, 0.07).Add(t => t.Display, "7%")
            .Add(t => t.Detail, "7 errors").Add(t => t.Title, "Why").Add(t => t.Tone, tone).Add(t => t.TestId, "kpi-error-rate"));

        var root = tile.Find("[data-testid=kpi-error-rate]");
        Assert.Equal("0.07", root.GetAttribute("data-value"));
        Assert.Equal("Why", root.GetAttribute("title"));
        Assert.Contains("mud-paper", root.ClassName, StringComparison.Ordinal);
        Assert.Equal("Error rate", tile.Find(".pc-kpi-label").TextContent);
        Assert.Equal("7%", tile.Find(".pc-kpi-value").TextContent);
        Assert.Equal("7 errors", tile.Find(".pc-kpi-detail").TextContent);
        if (tone is null)
            Assert.DoesNotContain(root.ClassList, c => c.StartsWith("pc-kpi-", StringComparison.Ordinal));
        else
            Assert.Contains(toneClass, root.ClassList);
    }

    [Fact]
    public void Without_a_figure_the_value_is_empty_and_there_is_no_detail_line()
    {
        var tile = Render<KpiTile>(p => p.Add(t => t.Label, "Feedback").Add(t => t.Value, null).Add(t => t.Display, "—").Add(t => t.TestId, "kpi-feedback"));

        Assert.Equal("", tile.Find("[data-testid=kpi-feedback]").GetAttribute("data-value"));
        Assert.Empty(tile.FindAll(".pc-kpi-detail"));
    }
}
