using System.Diagnostics.CodeAnalysis;

namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>
/// What targeting and assignment can see of a request: its subject, its tenant and the free attributes
/// sent with it. An empty value counts as missing, as GrowthBook treats an empty hash attribute.
/// </summary>
public readonly struct RequestAttributes(string? subject, string? tenant = null, IReadOnlyDictionary<string, string>? free = null)
{
    public static RequestAttributes None => default;

    public string? Subject { get; } = subject;

    public string? Tenant { get; } = tenant;

    public IReadOnlyDictionary<string, string>? Free { get; } = free;

    /// <summary><c>subject</c> and <c>tenant</c> always come from their own fields, never from the free attributes.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out string? value)
    {
        value = name switch
        {
            AttributeName.Subject => Subject,
            AttributeName.Tenant => Tenant,
            _ => Free is not null && Free.TryGetValue(name, out var free) ? free : null,
        };
        if (string.IsNullOrEmpty(value))
        {
            value = null;
            return false;
        }

        return true;
    }
}
