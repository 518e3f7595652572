using System.Text.Json;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Web.Api;

/// <summary>Canary statuses as the API spells them, camelCase like its other names: <c>running</c>, <c>paused</c>, <c>promoted</c>, <c>aborted</c>, <c>rolledBack</c>.</summary>
public static class CanaryStatusNames
{
    public static string Of(CanaryStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
