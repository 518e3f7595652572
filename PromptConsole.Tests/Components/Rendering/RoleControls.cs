using Bunit;
using Microsoft.AspNetCore.Components;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>Asserts that a page renders (or leaves out) the controls behind the given test ids: not rendering a control is what stops a role using it.</summary>
public static class RoleControls
{
    public static void AssertShown<T>(IRenderedComponent<T> component, bool shown, params string[] testIds)
        where T : IComponent
    {
        foreach (var testId in testIds)
        {
            var found = component.FindAll($"[data-testid='{testId}']").Count > 0;
            Assert.True(shown == found, $"'{testId}' should be {(shown ? "shown" : "absent")} but is {(found ? "shown" : "absent")}.");
        }
    }
}
