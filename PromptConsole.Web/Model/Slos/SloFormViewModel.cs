using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>
/// The create/edit SLO dialog. Nothing is checked here: the service validates, and its field errors are shown under
/// the inputs they name with the same text the API returns (<c>objective</c>, <c>periodDays</c> …).
/// </summary>
public sealed class SloFormViewModel(ISloService slos, IConsoleUser user)
{
    public static readonly string[] PlacedFields = ["name", "prompt", "indicator", "objective", "periodDays", "latencyThresholdMs", "qualityThreshold"];

    /// <summary>Null while creating.</summary>
    public Guid? EditingId { get; private set; }

    public string? Name { get; set; }

    /// <summary>Empty for every prompt.</summary>
    public string? Prompt { get; set; }

    public string Indicator { get; set; } = "availability";

    public double? Objective { get; set; } = 99.5;

    public int PeriodDays { get; set; } = 28;

    public double? LatencyThresholdMs { get; set; } = 1000;

    public double? QualityThreshold { get; set; } = 0.8;

    private readonly FormSubmission _submission = new();

    public ErrorView? Error => _submission.Error;

    public bool Busy => _submission.Busy;

    public bool NeedsLatencyThreshold => Indicator == "latency";

    public bool NeedsQualityThreshold => Indicator == "quality";

    public void Load(SloView? slo)
    {
        _submission.Clear();
        if (slo is null)
        {
            EditingId = null;
            return;
        }

        EditingId = slo.Id;
        Name = slo.Name;
        Prompt = slo.Prompt;
        Indicator = slo.Indicator;
        Objective = slo.Objective;
        PeriodDays = slo.PeriodDays;
        LatencyThresholdMs = slo.LatencyThresholdMs ?? LatencyThresholdMs;
        QualityThreshold = slo.QualityThreshold ?? QualityThreshold;
    }

    public IReadOnlyList<string> MessagesFor(string field) => Error?.For(field) ?? [];

    /// <summary>The threshold the indicator does not use is not sent, so it cannot be refused.</summary>
    public SloCommand BuildCommand() => new(
        FormSubmission.Blank(Name),
        FormSubmission.Blank(Prompt),
        Indicator,
        Objective,
        PeriodDays,
        NeedsLatencyThreshold ? LatencyThresholdMs : null,
        NeedsQualityThreshold ? QualityThreshold : null);

    /// <summary>The saved SLO, or null with <see cref="Error"/> saying why not.</summary>
    /// <summary>The dialog is offered only to roles that may save; this refuses anyone else all the same.</summary>
    public bool CanSave => user.CanOperate();

    public Task<SloView?> SaveAsync(CancellationToken cancellationToken = default)
        => !CanSave
            ? Task.FromResult(_submission.Refuse<SloView>(user.OperatorRequired()))
            : _submission.RunAsync(() => EditingId is { } id
            ? slos.UpdateAsync(id, BuildCommand(), user.Name, cancellationToken)
            : slos.CreateAsync(BuildCommand(), user.Name, cancellationToken));
}
