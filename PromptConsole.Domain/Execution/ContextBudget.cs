using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Execution;

/// <summary>Whether a rendered prompt can fit the model's context window at all.</summary>
public static class ContextBudget
{
    /// <summary>
    /// Refuses (413) only when the estimated input alone exceeds the window: the estimate is rough
    /// (about four characters a token), so a borderline prompt is left for the provider to judge,
    /// while one that cannot possibly fit is not sent, billed and retried. A window of 0 means unknown.
    /// </summary>
    public static Error? Check(int estimatedInputTokens, int contextWindow, string model)
    {
        if (contextWindow <= 0 || estimatedInputTokens <= contextWindow)
            return null;

        return new Error(
            ErrorKind.TooLarge,
            "context-window-exceeded",
            $"The rendered prompt is about {estimatedInputTokens:N0} tokens; {model} takes at most {contextWindow:N0}.",
            [new FieldError("variables", $"The variables make the prompt about {estimatedInputTokens:N0} tokens, over the {contextWindow:N0}-token context window of {model}.")]);
    }
}
