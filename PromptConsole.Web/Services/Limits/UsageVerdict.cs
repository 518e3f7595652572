using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Services.Limits;

/// <summary>Admitted, or refused by <see cref="Refusal"/> (which limit, its value, the Retry-After).</summary>
public sealed record UsageVerdict(ExceededLimit? Refusal)
{
    public static UsageVerdict Admitted { get; } = new((ExceededLimit?)null);

    public bool IsAdmitted => Refusal is null;
}
