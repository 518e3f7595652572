using PromptConsole.Web.Model.Flags;

namespace PromptConsole.Tests.Components;

public class FlagFormTests
{
    [Theory]
    [InlineData("true", false)]
    [InlineData("42", false)]
    [InlineData("\"text\"", false)]
    [InlineData("{\"a\": [1, 2]}", false)]
    [InlineData("", false)]
    [InlineData("{a: 1}", true)]
    [InlineData("text", true)]
    [InlineData("[1, 2", true)]
    public void A_variant_value_is_flagged_while_it_is_not_json(string value, bool flagged)
    {
        var row = new VariantRow { Name = "on", Value = value };

        Assert.Equal(flagged, row.JsonProblem is not null);
    }

    [Theory]
    [InlineData("in", " pro, team ,, ", new[] { "pro", "team" })]
    [InlineData("equals", " pro, team ", new[] { "pro, team" })]
    [InlineData("gt", "3", new[] { "3" })]
    public void Only_in_splits_its_value_on_commas(string op, string value, string[] expected)
    {
        var row = new ConditionRow { Attribute = "plan", Operator = op, Value = value };

        Assert.Equal(expected, row.Values);
    }

    public static TheoryData<(string Variant, double? From, double? To)[], string> Bars => new()
    {
        { [], "off 0-100 default" },
        { [("on", 0, 100)], "on 0-100" },
        { [("on", 0, 25)], "on 0-25 | off 25-100 default" },
        { [("b", 50, 100), ("a", 10, 30)], "off 0-10 default | a 10-30 | off 30-50 default | b 50-100" },
        // Overlap: the later slice is drawn from where the earlier one ends.
        { [("a", 0, 60), ("b", 50, 80)], "a 0-60 | b 60-80 | off 80-100 default" },
        // Not yet drawable: to before from, missing bound, beyond 100.
        { [("a", 40, 20), ("b", null, 30), ("c", 90, 120)], "off 0-100 default" },
    };

    [Theory]
    [MemberData(nameof(Bars))]
    public void The_bar_shows_the_slices_in_order_and_gives_the_gaps_to_the_default(
        (string Variant, double? From, double? To)[] slices, string expected)
    {
        var rows = slices.Select(s => new SliceRow { Variant = s.Variant, From = s.From, To = s.To });

        var segments = RolloutBar.Segments(rows, "off");

        Assert.Equal(expected, string.Join(" | ", segments.Select(s => $"{s.Variant} {s.From}-{s.To}{(s.IsDefault ? " default" : string.Empty)}")));
    }
}
