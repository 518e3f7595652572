namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Rough token counts for when a provider reports none: about four characters per token, the usual
/// rule of thumb for English text with BPE tokenizers.
/// </summary>
public static class TokenEstimator
{
    public const int CharactersPerToken = 4;

    public static int Estimate(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + CharactersPerToken - 1) / CharactersPerToken;
}
