using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services.GoldenSets;

/// <summary>What running one case produced, before it is judged; the execution id is set for saved versions.</summary>
public sealed record GoldenCaseRunOutput(GoldenObservation Observation, Guid? ExecutionId);

/// <summary>
/// Runs one golden case. A saved version goes through <see cref="IPromptExecutor"/> exactly as a caller's
/// request would, pinned to the version (route kind <c>version</c>, so it never lands on a canary or an
/// experiment arm) and recorded with origin <c>golden</c>. An unsaved draft has nothing to route to or
/// record against, so it takes the pipeline's stages directly: bind, render the draft the way the editor's
/// preview does, call the provider through the same resilient invoker, apply the draft's output checks.
/// </summary>
public sealed class GoldenCaseRunner(IPromptExecutor executor, ITemplateRenderer renderer, IModelInvoker invoker, TimeProvider time)
{
    public async Task<GoldenCaseRunOutput> RunVersionAsync(string promptKey, int version, GoldenCase goldenCase, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var command = new ExecuteCommand(promptKey, Variables(goldenCase), Version: version, Origin: ExecutionOrigin.Golden) { ReturnRejectedOutput = true };
        var result = await executor.ExecuteAsync(command, cancellationToken);
        if (!result.IsSuccess)
            return new GoldenCaseRunOutput(Failed(result.Error!, started), null);

        var answer = result.Value;
        return new GoldenCaseRunOutput(
            new GoldenObservation(answer.Output, answer.LatencyMs, answer.CheckFailures.Select(f => f.Message).ToArray()),
            answer.ExecutionId);
    }

    public async Task<GoldenCaseRunOutput> RunDraftAsync(VersionDraft draft, GoldenCase goldenCase, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var bound = VariableBinder.Bind(draft.DeclaredVariables, Variables(goldenCase));
        if (!bound.IsSuccess)
            return new GoldenCaseRunOutput(Failed(bound.Error!, started), null);

        var rendered = renderer.RenderDraft(draft, bound.Value.Values);
        if (!rendered.IsSuccess)
            return new GoldenCaseRunOutput(Failed(rendered.Error!, started), null);

        var outcome = await invoker.InvokeAsync(new ModelCallRequest(draft.Model, rendered.Value.SystemText, rendered.Value.UserText), cancellationToken);
        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        if (!outcome.Succeeded)
        {
            var message = $"The model provider failed after {outcome.Attempts} attempt(s) across {string.Join(" → ", outcome.ModelsTried)}: {outcome.ErrorMessage ?? outcome.ErrorType}";
            return new GoldenCaseRunOutput(new GoldenObservation(null, latencyMs, [], Error: message), null);
        }

        var text = outcome.Text ?? string.Empty;
        var checks = OutputCheckEvaluator.Evaluate(draft.EffectiveChecks, text);
        return new GoldenCaseRunOutput(new GoldenObservation(text, latencyMs, checks.Select(c => c.Message).ToArray()), null);
    }

    /// <summary>Stored values are JSON text, turned into values the way the execution API reads its body.</summary>
    private static IReadOnlyDictionary<string, VariableValue> Variables(GoldenCase goldenCase) =>
        goldenCase.Variables.ToDictionary(v => v.Key, v => VariableJson.FromText(v.Value), StringComparer.Ordinal);

    private GoldenObservation Failed(Error error, long started)
    {
        var details = error.FieldErrors.Count == 0 ? string.Empty : " " + string.Join(" ", error.FieldErrors.Select(f => $"{f.Field}: {f.Message}"));
        return new GoldenObservation(null, time.GetElapsedTime(started).TotalMilliseconds, [], Error: error.Message + details);
    }
}
