using PromptConsole.Domain.Slos;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>A stored SLO: the checked <see cref="SloDefinition"/> in columns plus when it was made and last changed.</summary>
public sealed class SloRow
{
    private SloRow()
    {
        Name = Indicator = string.Empty;
    }

    public SloRow(SloDefinition slo, DateTimeOffset now)
        : this()
    {
        Id = slo.Id;
        CreatedAt = now;
        Apply(slo, now);
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Null: the SLO covers every prompt.</summary>
    public string? PromptKey { get; private set; }

    /// <summary>The API name (<c>availability</c>, <c>latency</c>, <c>quality</c>), so stored rows survive enum reordering.</summary>
    public string Indicator { get; private set; }

    public double ObjectivePercent { get; private set; }

    public int PeriodDays { get; private set; }

    public double? LatencyThresholdMs { get; private set; }

    public double? QualityThreshold { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Takes a checked definition's state (the id never changes).</summary>
    public void Apply(SloDefinition slo, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(slo);
        if (Id != slo.Id)
            throw new InvalidOperationException($"SLO {Id} cannot take the definition of {slo.Id}.");

        Name = slo.Name;
        PromptKey = slo.PromptKey;
        Indicator = SloIndicatorNames.Of(slo.Indicator);
        ObjectivePercent = slo.ObjectivePercent;
        PeriodDays = slo.PeriodDays;
        LatencyThresholdMs = slo.LatencyThresholdMs;
        QualityThreshold = slo.QualityThreshold;
        UpdatedAt = now;
    }

    /// <summary>The definition; an indicator name this build does not know (a newer build's row) reads as null.</summary>
    public SloDefinition? ToDefinition() => SloIndicatorNames.Parse(Indicator) is { } indicator
        ? new SloDefinition(Id, Name, PromptKey, indicator, ObjectivePercent, PeriodDays, LatencyThresholdMs, QualityThreshold)
        : null;
}
