using PromptConsole.Domain.Access;

namespace PromptConsole.Tests.Domain.Access;

/// <summary>Every decision the console's buttons and the API's refusals share, role by role.</summary>
public sealed class ConsolePermissionsTests
{
    public enum Decision
    {
        Read,
        Operate,
        Administer,
        RunOnProvider,
        AcknowledgeAlerts,
        MoveStaging,
        MoveProduction,
    }

    [Theory]
    [InlineData("no role reads nothing", null, Decision.Read, false)]
    [InlineData("a viewer reads", ConsoleRole.Viewer, Decision.Read, true)]
    [InlineData("a viewer changes nothing", ConsoleRole.Viewer, Decision.Operate, false)]
    [InlineData("a viewer runs no prompt (it costs provider money)", ConsoleRole.Viewer, Decision.RunOnProvider, false)]
    [InlineData("a viewer acknowledges no alert", ConsoleRole.Viewer, Decision.AcknowledgeAlerts, false)]
    [InlineData("a viewer moves no label", ConsoleRole.Viewer, Decision.MoveStaging, false)]
    [InlineData("no role runs no prompt", null, Decision.RunOnProvider, false)]
    [InlineData("an operator operates", ConsoleRole.Operator, Decision.Operate, true)]
    [InlineData("an operator runs prompts", ConsoleRole.Operator, Decision.RunOnProvider, true)]
    [InlineData("an operator acknowledges alerts", ConsoleRole.Operator, Decision.AcknowledgeAlerts, true)]
    [InlineData("an operator moves staging", ConsoleRole.Operator, Decision.MoveStaging, true)]
    [InlineData("an operator does not move production", ConsoleRole.Operator, Decision.MoveProduction, false)]
    [InlineData("an operator does not administer", ConsoleRole.Operator, Decision.Administer, false)]
    [InlineData("an admin administers", ConsoleRole.Admin, Decision.Administer, true)]
    [InlineData("an admin runs prompts", ConsoleRole.Admin, Decision.RunOnProvider, true)]
    [InlineData("an admin acknowledges alerts", ConsoleRole.Admin, Decision.AcknowledgeAlerts, true)]
    [InlineData("an admin moves production", ConsoleRole.Admin, Decision.MoveProduction, true)]
    public void Decides(string name, ConsoleRole? role, Decision decision, bool allowed)
    {
        _ = name;
        var answer = decision switch
        {
            Decision.Read => ConsolePermissions.CanRead(role),
            Decision.Operate => ConsolePermissions.CanOperate(role),
            Decision.Administer => ConsolePermissions.CanAdminister(role),
            Decision.RunOnProvider => ConsolePermissions.CanRunOnProvider(role),
            Decision.AcknowledgeAlerts => ConsolePermissions.CanAcknowledgeAlerts(role),
            Decision.MoveStaging => ConsolePermissions.CanMoveLabel(role, "staging", ConsolePermissions.DefaultProtectedLabels),
            Decision.MoveProduction => ConsolePermissions.CanMoveLabel(role, "Production", ConsolePermissions.DefaultProtectedLabels),
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };

        Assert.Equal(allowed, answer);
    }
}
