using System.Globalization;
using System.Text;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>One message of a raw conversation as the cache sees it: its role (system, user, assistant) and its text.</summary>
public sealed record ConversationTurn(string Role, string Text);

/// <summary>Why a raw conversation is not a subject of the semantic cache (it still goes to the model, and to the exact cache if that is on).</summary>
public enum ConversationSplitRefusal
{
    None,

    /// <summary>No message at all.</summary>
    Empty,

    /// <summary>The last message is not the user's (an assistant prefill, say): there is no question to compare.</summary>
    LastTurnNotUser,

    /// <summary>The last user message is empty or white space: nothing to compare by meaning.</summary>
    BlankText,

    /// <summary>
    /// The last user message is longer than the embedding model reads (<see cref="ConversationSemanticCache.MaxComparedLength"/>):
    /// only its beginning would be compared, so a change near its end would go unseen.
    /// </summary>
    TooLong,
}

/// <summary>
/// A raw conversation cut in two: <see cref="Context"/> (every message before the last, as one unambiguous text, matched
/// exactly) and <see cref="Compared"/> (the last user message, matched by meaning). Null parts when refused.
/// </summary>
public sealed record ConversationSplit(string? Context, string? Compared, ConversationSplitRefusal Refusal)
{
    public bool IsSubject => Refusal == ConversationSplitRefusal.None;
}

/// <summary>
/// Whole-prompt semantic matching for raw conversations on the OpenAI-compatible endpoint. A raw conversation declares
/// no variables, so it is cut into what must be equal and what may be paraphrased: the system prompt and every earlier
/// turn (user and assistant alike) are one exact "variable" (<see cref="ContextVariable"/>), and the last message, which
/// must be the user's, is the one semantic "variable" (<see cref="TextVariable"/>), with the guards (numbers, quoted
/// strings, ids, e-mails, URLs, code tokens) extracted from it as for a prompt's free text. For a single-turn
/// conversation (system + user), the usual thing worth caching, that is the whole prompt's free text. Embedding the
/// whole conversation instead would let the model's input window cut off the newest turn, the one that matters most.
/// The threshold defaults stricter than a prompt's (<see cref="DefaultThreshold"/> against 0.92): nobody declared which
/// parts of a raw conversation are exact, so the guards are the only structural protection against near-misses.
/// </summary>
public static class ConversationSemanticCache
{
    /// <summary>
    /// Stricter than a prompt's 0.92: MiniLM alone never passes 0.83 precision on near-miss pairs and scores one-word
    /// near-misses up to 0.99; a prompt's author marks numbers, ids and enums exact, a raw conversation has no author.
    /// </summary>
    public const double DefaultThreshold = 0.95;

    /// <summary>An hour, as the exact cache of raw conversations.</summary>
    public const int DefaultTtlSeconds = ExactCacheSettings.DefaultTtlSeconds;

    /// <summary>
    /// The longest last user message compared by meaning, in characters. all-MiniLM-L6-v2 reads 256 word pieces and
    /// English runs about four characters a piece, so 1,000 characters stay inside the window with room to spare.
    /// </summary>
    public const int MaxComparedLength = 1_000;

    /// <summary>The exact part: every message before the last.</summary>
    public const string ContextVariable = "conversation";

    /// <summary>The semantic part: the last user message.</summary>
    public const string TextVariable = "message";

    /// <summary>
    /// The settings the configuration asks for, or field errors named as configuration keys are (mode, threshold,
    /// ttlSeconds, maxEntries, verificationRate). Enabled without a mode starts in shadow, as a prompt's cache does;
    /// <c>off</c> is not a mode here (<paramref name="enabled"/> says that).
    /// </summary>
    public static Result<SemanticCacheSettings> Settings(bool enabled, string? mode, double threshold, int ttlSeconds, int maxEntries, double verificationRate)
    {
        var errors = new List<FieldError>();
        var chosen = SemanticCacheMode.Shadow;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            if (SemanticCacheChange.ParseMode(mode) is { } parsed and not SemanticCacheMode.Off)
                chosen = parsed;
            else
                errors.Add(new FieldError("mode", $"'{mode}' is not a mode: shadow or serve (Enabled switches the cache off)."));
        }

        errors.AddRange(SemanticCacheSettings.CheckLimits(threshold, ttlSeconds, maxEntries, verificationRate));
        if (errors.Count > 0)
            return Error.Validation("invalid-semantic-cache-settings", "The semantic cache settings of raw conversations are not valid.", errors);

        return new SemanticCacheSettings(
            enabled ? chosen : SemanticCacheMode.Off,
            threshold,
            ttlSeconds,
            maxEntries,
            verificationRate,
            AnswerAgreement.Default,
            new Dictionary<string, SemanticVariableSetting>(StringComparer.Ordinal));
    }

    /// <summary>The two "variables" of a raw conversation: the earlier turns exact, the last user message semantic at <paramref name="threshold"/>.</summary>
    public static IReadOnlyList<VariableCachePolicy> Policies(double threshold) =>
    [
        new(ContextVariable, CachePolicy.Exact, threshold, PolicySource.Override, VariableType.Json),
        new(TextVariable, CachePolicy.Semantic, threshold, PolicySource.Type, VariableType.Text),
    ];

    /// <summary>Cuts a conversation into its exact context and its compared last user message, or says why it is not a subject.</summary>
    public static ConversationSplit Split(IReadOnlyList<ConversationTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
            return Refused(ConversationSplitRefusal.Empty);
        var last = turns[^1];
        if (!string.Equals(last.Role, "user", StringComparison.OrdinalIgnoreCase))
            return Refused(ConversationSplitRefusal.LastTurnNotUser);
        if (string.IsNullOrWhiteSpace(last.Text))
            return Refused(ConversationSplitRefusal.BlankText);
        if (last.Text.Length > MaxComparedLength)
            return Refused(ConversationSplitRefusal.TooLong);

        // Each earlier message as its role and its length-prefixed text: no text can imitate a message boundary.
        var context = new StringBuilder();
        for (var i = 0; i < turns.Count - 1; i++)
        {
            var turn = turns[i];
            context.Append(turn.Role.ToLowerInvariant()).Append(':').Append(turn.Text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(turn.Text).Append('\n');
        }

        return new ConversationSplit(context.ToString(), last.Text, ConversationSplitRefusal.None);
    }

    private static ConversationSplit Refused(ConversationSplitRefusal refusal) => new(null, null, refusal);
}
