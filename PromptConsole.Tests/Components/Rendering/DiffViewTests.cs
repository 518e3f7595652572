using Bunit;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

public class DiffViewTests : MudComponentTest
{
    [Fact]
    public void Marks_added_and_removed_lines_with_both_line_numbers_and_counts()
    {
        var view = Render<DiffView>(p => p.Add(d => d.Diff, TextDiff.Compute("keep\nold line", "keep\nnew line\nmore")).Add(d => d.TestId, "diff-template"));

        var rows = view.FindAll("[data-testid=diff-template] tr");
        Assert.Equal(["unchanged", "removed", "added", "added"], rows.Select(r => r.GetAttribute("data-kind")));
        Assert.Equal("pc-diff-removed", rows[1].ClassName);
        Assert.Equal(["2", "", "−", "old line"], rows[1].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal(["", "3", "+", "more"], rows[3].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("+2 −1", view.Find(".pc-diff-stats").TextContent);
    }

    [Fact]
    public void Says_when_there_is_no_difference()
    {
        var view = Render<DiffView>(p => p.Add(d => d.Diff, TextDiff.Compute("same", "same")));

        Assert.Equal("No differences.", view.Find(".pc-diff-same").TextContent);
        Assert.Empty(view.FindAll(".pc-diff-stats"));
    }
}
