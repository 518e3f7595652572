using PromptConsole.Domain.Prompts;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class LabelHistoryTests
{
    /// <summary>Moves are "D{from}>{to}" for a deploy and "R{from}>{to}" for a rollback; "_" is no earlier version.</summary>
    [Theory]
    [InlineData("no moves", "", null)]
    [InlineData("first deploy has nothing before it", "D_>1", null)]
    [InlineData("second deploy returns to the first version", "D_>1 D1>2", 1)]
    [InlineData("third deploy returns to the second version", "D_>1 D1>2 D2>3", 2)]
    [InlineData("one rollback pops one deploy", "D_>1 D1>2 D2>3 R3>2", 1)]
    [InlineData("two rollbacks pop two deploys", "D_>1 D1>2 D2>3 R3>2 R2>1", null)]
    [InlineData("deploy after a rollback is undone first", "D_>1 D1>2 R2>1 D1>3", 1)]
    [InlineData("redeploy of an older version returns to the one it replaced", "D_>1 D1>2 D2>1", 2)]
    [InlineData("history starting on a label that already pointed somewhere", "D5>7", 5)]
    [InlineData("a rollback with nothing to pop is ignored", "R2>1", null)]
    [InlineData("a stray rollback does not pop later deploys", "R2>1 D1>3", 1)]
    public void RollbackTarget_replays_deploys_and_rollbacks(string rule, string moves, int? expected)
    {
        var history = moves.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();

        var target = LabelHistory.RollbackTarget(history);

        Assert.True(expected == target, $"{rule}: expected {expected?.ToString() ?? "none"}, found {target?.ToString() ?? "none"}");
    }

    private static LabelMove Parse(string move, int index)
    {
        var kind = move[0] == 'D' ? LabelMoveKind.Deploy : LabelMoveKind.Rollback;
        var versions = move[1..].Split('>');
        int? from = versions[0] == "_" ? null : int.Parse(versions[0]);
        return new LabelMove(kind, from, int.Parse(versions[1]), Actor, null, Now.AddMinutes(index));
    }
}
