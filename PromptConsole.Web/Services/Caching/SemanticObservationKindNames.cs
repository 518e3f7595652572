namespace PromptConsole.Web.Services.Caching;

/// <summary>The stored and API names of <see cref="SemanticObservationKind"/>.</summary>
public static class SemanticObservationKindNames
{
    public const string ShadowAgreed = "shadow-agreed";
    public const string ShadowDisagreed = "shadow-disagreed";
    public const string Served = "served";

    public static string Of(SemanticObservationKind kind) => kind switch
    {
        SemanticObservationKind.ShadowAgreed => ShadowAgreed,
        SemanticObservationKind.ShadowDisagreed => ShadowDisagreed,
        SemanticObservationKind.Served => Served,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown observation kind."),
    };
}
