using System.Globalization;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Model.Caching;

/// <summary>One per-model threshold as edited on the cache page.</summary>
public sealed class ModelThresholdRow(string model)
{
    public string Model { get; } = model;

    public double? Threshold { get; set; }
}

/// <summary>
/// The cache page's section for raw conversations on <c>/v1/chat/completions</c>: the semantic cache's mode (off,
/// shadow, serve), the shared threshold, per-model thresholds, time to live and verification rate; where the settings
/// in force come from (configuration, or who saved them when). Only an Operator may change them.
/// </summary>
public sealed class ConversationSemanticCacheViewModel(IConversationCacheConsole settings, IModelCatalog catalog, IConsoleUser user)
{
    private readonly List<ModelThresholdRow> _modelThresholds = [];

    public string Mode { get; set; } = "off";

    public double? Threshold { get; set; }

    public int? TtlSeconds { get; set; }

    public double? VerificationRate { get; set; }

    public IReadOnlyList<ModelThresholdRow> ModelThresholds => _modelThresholds;

    /// <summary>The catalog's models that have no threshold of their own yet (the "add" choice).</summary>
    public IReadOnlyList<string> ModelsWithoutThreshold =>
        catalog.Models.Select(m => m.Model).Where(m => _modelThresholds.All(r => r.Model != m)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The model picked to get a threshold of its own.</summary>
    public string? ModelToAdd { get; set; }

    /// <summary>"from configuration" or "saved by … at …".</summary>
    public string Source { get; private set; } = string.Empty;

    public ErrorView? Error { get; private set; }

    public string? Message { get; private set; }

    public bool Busy { get; private set; }

    public bool CanChange => user.CanOperate();

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Show(await settings.CurrentAsync(cancellationToken));
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The semantic cache settings of raw conversations could not be read: " + exception.Message);
        }
    }

    /// <summary>Gives <see cref="ModelToAdd"/> a threshold of its own, starting at the shared one.</summary>
    public void AddModel()
    {
        if (ModelToAdd is { Length: > 0 } model && _modelThresholds.All(r => r.Model != model))
            _modelThresholds.Add(new ModelThresholdRow(model) { Threshold = Threshold });
        ModelToAdd = null;
    }

    public void RemoveModel(ModelThresholdRow row) => _modelThresholds.Remove(row);

    /// <summary>Saves every field; true when saved.</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken = default)
    {
        if (!CanChange)
        {
            Error = ErrorView.Forbidden("Only an Operator may change the semantic cache of raw conversations.");
            return false;
        }

        Busy = true;
        try
        {
            var change = new ConversationSemanticCacheChange(
                Mode,
                Threshold,
                TtlSeconds,
                VerificationRate: VerificationRate,
                // An emptied threshold is sent as not a number, so it is refused with its field rather than dropped unseen.
                ModelThresholds: _modelThresholds.ToDictionary(r => r.Model, r => (double?)(r.Threshold ?? double.NaN), StringComparer.Ordinal));
            var saved = await settings.ConfigureAsync(change, user.Name, cancellationToken);
            if (!saved.IsSuccess)
            {
                Error = ErrorView.From(saved.Error!);
                Message = null;
                return false;
            }

            Error = null;
            Show(saved.Value);
            Message = SemanticCacheViewModel.SavedMessage("Raw conversations' semantic cache", saved.Value.Shared);
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    private void Show(ConversationCacheSettings current)
    {
        var shared = current.Shared;
        Mode = SemanticCacheChange.NameOf(shared.Mode);
        Threshold = shared.Threshold;
        TtlSeconds = shared.TtlSeconds;
        VerificationRate = shared.VerificationRate;
        _modelThresholds.Clear();
        _modelThresholds.AddRange(current.ModelThresholds.Select(m => new ModelThresholdRow(m.Key) { Threshold = m.Value }));
        Source = current.Source == ConversationCacheSettingsSource.Saved
            ? string.Create(CultureInfo.InvariantCulture, $"saved by {current.UpdatedBy} at {current.UpdatedAt?.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
            : "from configuration (PromptConsole:Cache:ChatCompletions:Semantic)";
    }
}
