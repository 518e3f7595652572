using Bunit;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

public class RangeSelectorTests : MudComponentTest
{
    [Fact]
    public void It_offers_every_range_marks_the_current_one_and_reports_a_new_choice()
    {
        var chosen = new List<MetricsRange>();
        var selector = Render<RangeSelector>(p => p
            .Add(r => r.Value, MetricsRange.Live)
            .Add(r => r.ValueChanged, range => chosen.Add(range)));

        var items = selector.FindAll(".mud-toggle-item");
        Assert.Equal(["Live 5 m", "Live 15 m", "1 h", "24 h", "7 d"], items.Select(i => i.TextContent.Trim()));
        Assert.Equal("15m", selector.Find("[data-testid=range-selector]").GetAttribute("data-range"));
        Assert.Contains("mud-toggle-item-selected", selector.Find("[data-testid=range-15m]").ClassName, StringComparison.Ordinal);

        selector.Find("[data-testid=range-7d]").Click();
        selector.Find("[data-testid=range-5m]").Click();

        Assert.Equal([MetricsRange.LastWeek, MetricsRange.LiveFiveMinutes], chosen);
    }

    [Fact]
    public void Choosing_the_current_range_again_changes_nothing()
    {
        var chosen = new List<MetricsRange>();
        var selector = Render<RangeSelector>(p => p
            .Add(r => r.Value, MetricsRange.LastHour)
            .Add(r => r.ValueChanged, range => chosen.Add(range)));

        selector.Find("[data-testid=range-1h]").Click();

        Assert.Empty(chosen);
    }
}
