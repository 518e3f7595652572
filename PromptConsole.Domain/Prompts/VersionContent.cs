namespace PromptConsole.Domain.Prompts;

/// <summary>Declared types decide how a supplied value is checked and, later, how it is cached.</summary>
public enum VariableType
{
    /// <summary>Free text: checked as a string, cached semantically by default.</summary>
    Text,
    /// <summary>A short string such as a name or language; cached exactly.</summary>
    String,
    Number,
    Integer,
    Boolean,
    /// <summary>ISO-8601 date (yyyy-MM-dd) or date-time.</summary>
    Date,
    /// <summary>One of <see cref="VariableDeclaration.AllowedValues"/>.</summary>
    Enum,
    Id,
    Code,
    /// <summary>Any JSON value (lists and objects for <c>{{#each}}</c>); cached exactly.</summary>
    Json,
}

public enum CachePolicy
{
    /// <summary>The value must match exactly for a cached answer to be reused.</summary>
    Exact,
    /// <summary>Near-identical values may share an answer, above <see cref="VariableDeclaration.SemanticThreshold"/>.</summary>
    Semantic,
    /// <summary>The value does not take part in the cache key (e.g. a request id echoed in the prompt).</summary>
    Ignore,
}

public sealed record VariableDeclaration(
    string Name,
    VariableType Type = VariableType.String,
    bool Required = true,
    string? Default = null,
    IReadOnlyList<string>? AllowedValues = null,
    CachePolicy? Cache = null,
    double? SemanticThreshold = null,
    string? Description = null)
{
    /// <summary>Free text is matched semantically unless the author says otherwise; everything else exactly.</summary>
    public CachePolicy EffectiveCachePolicy => Cache ?? (Type == VariableType.Text ? CachePolicy.Semantic : CachePolicy.Exact);
}

public sealed record OutputChecks(int? MaxLength = null, string? Regex = null, bool MustBeJson = false)
{
    public static readonly OutputChecks None = new();

    public bool IsEmpty => MaxLength is null && string.IsNullOrEmpty(Regex) && !MustBeJson;
}

public sealed record ModelSettings(string Model, double? Temperature = null, int? MaxTokens = null, IReadOnlyList<string>? FallbackModels = null)
{
    public IReadOnlyList<string> Fallbacks => FallbackModels ?? [];

    /// <summary>The primary model followed by its fallbacks, without repeats.</summary>
    public IReadOnlyList<string> ModelChain => new[] { Model }.Concat(Fallbacks).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>What an author submits to create a version. Validated by <see cref="VersionDraftValidator"/>.</summary>
public sealed record VersionDraft(
    string Template,
    ModelSettings Model,
    IReadOnlyList<VariableDeclaration>? Variables = null,
    OutputChecks? Checks = null,
    string? SystemText = null,
    string? Note = null)
{
    public IReadOnlyList<VariableDeclaration> DeclaredVariables => Variables ?? [];

    public OutputChecks EffectiveChecks => Checks ?? OutputChecks.None;
}
