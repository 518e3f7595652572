namespace PromptConsole.Domain.Caching;

/// <summary>
/// One semantic match whose correctness is known: its similarity (the lowest over the prompt's semantic variables)
/// and whether the cached answer was wrong — the provider disagreed in shadow, or an operator marked a served answer wrong.
/// A served answer nobody complained about counts as right.
/// </summary>
public readonly record struct SemanticSample(double Similarity, bool FalseHit);
