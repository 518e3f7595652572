using PromptConsole.Domain.Access;

namespace PromptConsole.Tests.Domain.Access;

public sealed class ConsolePermissionsTests
{
    private static readonly string[] Protected = ["production"];

    [Theory]
    [InlineData(null, false, false, false)]
    [InlineData(ConsoleRole.Viewer, true, false, false)]
    [InlineData(ConsoleRole.Operator, true, true, false)]
    [InlineData(ConsoleRole.Admin, true, true, true)]
    public void Each_role_can_do_what_the_ones_below_it_can(ConsoleRole? role, bool read, bool operate, bool administer)
    {
        Assert.Equal(read, ConsolePermissions.CanRead(role));
        Assert.Equal(operate, ConsolePermissions.CanOperate(role));
        Assert.Equal(administer, ConsolePermissions.CanAdminister(role));
    }

    [Theory]
    [InlineData(null, "staging", false)]
    [InlineData(ConsoleRole.Viewer, "staging", false)]
    [InlineData(ConsoleRole.Viewer, "production", false)]
    [InlineData(ConsoleRole.Operator, "staging", true)]
    [InlineData(ConsoleRole.Operator, "production", false)]
    [InlineData(ConsoleRole.Operator, "PRODUCTION", false)]
    [InlineData(ConsoleRole.Admin, "production", true)]
    [InlineData(ConsoleRole.Admin, "staging", true)]
    public void Protected_labels_move_only_for_admins(ConsoleRole? role, string label, bool allowed) =>
        Assert.Equal(allowed, ConsolePermissions.CanMoveLabel(role, label, Protected));

    [Fact]
    public void With_no_protected_labels_operators_move_every_label() =>
        Assert.True(ConsolePermissions.CanMoveLabel(ConsoleRole.Operator, "production", []));

    [Theory]
    [InlineData("Viewer", ConsoleRole.Viewer)]
    [InlineData("operator", ConsoleRole.Operator)]
    [InlineData(" ADMIN ", ConsoleRole.Admin)]
    public void Role_names_parse_case_insensitively(string name, ConsoleRole expected)
    {
        Assert.True(ConsoleRoles.TryParse(name, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("root")]
    [InlineData("Admins")]
    public void Anything_else_is_not_a_role(string? name) => Assert.False(ConsoleRoles.TryParse(name, out _));

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "Viewer" }, ConsoleRole.Viewer)]
    [InlineData(new[] { "Viewer", "Admin", "Operator" }, ConsoleRole.Admin)]
    [InlineData(new[] { "Operator", "unknown" }, ConsoleRole.Operator)]
    [InlineData(new[] { "unknown" }, null)]
    public void The_highest_role_counts(string[] names, ConsoleRole? expected) => Assert.Equal(expected, ConsoleRoles.Highest(names));
}
