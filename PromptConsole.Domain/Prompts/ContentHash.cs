using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptConsole.Domain.Prompts;

/// <summary>SHA-256 over everything that changes what a version sends to a model, so equal content means an equal hash.</summary>
public static class ContentHash
{
    // Enums by name, so reordering an enum never changes the hash of stored versions.
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    public static string Compute(VersionDraft draft)
    {
        var canonical = JsonSerializer.Serialize(
            new
            {
                template = draft.Template,
                system = string.IsNullOrEmpty(draft.SystemText) ? null : draft.SystemText, // stored versions keep empty as none
                model = draft.Model.Model,
                temperature = draft.Model.Temperature,
                maxTokens = draft.Model.MaxTokens,
                fallbacks = draft.Model.Fallbacks,
                variables = draft.DeclaredVariables,
                checks = draft.EffectiveChecks,
            },
            Canonical);
        return Hex(canonical);
    }

    public static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
