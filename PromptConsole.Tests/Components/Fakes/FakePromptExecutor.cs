using PromptConsole.Domain.Common;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Answers with whatever the test sets and remembers what it was asked.</summary>
public sealed class FakePromptExecutor : IPromptExecutor
{
    public List<ExecuteCommand> Commands { get; } = [];

    public Func<ExecuteCommand, Result<ExecutionResult>> Answer { get; set; } =
        _ => Error.Validation("not-configured", "The fake executor has no answer.");

    public Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        Commands.Add(command);
        return Task.FromResult(Answer(command));
    }

    /// <summary>Only the OpenAI-compatible endpoint streams; what this fake stands in for never does.</summary>
    public Task<Result<ExecutionStream>> StreamAsync(ExecuteCommand command, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Nothing this fake stands in for streams.");
}
