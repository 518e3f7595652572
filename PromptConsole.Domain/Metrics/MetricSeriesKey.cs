namespace PromptConsole.Domain.Metrics;

/// <summary>
/// What one metric series is about: a prompt version as served by one route arm on one model.
/// Experiments compare arms, canaries compare versions, fallbacks show up as a second model.
/// </summary>
public sealed record MetricSeriesKey(string PromptKey, int PromptVersion, string? RouteArm, string Model);
