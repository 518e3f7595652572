namespace PromptConsole.Domain.Execution;

/// <summary>A catalog entry: who serves a model and what 1,000 tokens cost in US dollars.</summary>
public sealed record ModelPrice(string Model, string Provider, decimal InputPer1K, decimal OutputPer1K, int ContextWindow = 0)
{
    public decimal Cost(int inputTokens, int outputTokens) =>
        Math.Round((inputTokens * InputPer1K + outputTokens * OutputPer1K) / 1000m, 8, MidpointRounding.AwayFromZero);
}
