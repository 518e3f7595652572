using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Fakes;

public sealed class FixedUser(string name) : IConsoleUser
{
    public string Name => name;
}
