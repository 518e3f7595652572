using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Infrastructure.Recording;

/// <summary>The refusal an execution gets while the recorder holds as many records as its bound allows (a 503 with Retry-After).</summary>
public static class RecorderOverload
{
    public const string Code = "recorder-overloaded";

    public static Error Error(RecorderStatus status) => new(
        ErrorKind.Unavailable,
        Code,
        $"{status.Waiting} execution record(s) wait to be written (the bound is {status.Capacity}); the execution was not run. Retry after the Retry-After delay.");
}
