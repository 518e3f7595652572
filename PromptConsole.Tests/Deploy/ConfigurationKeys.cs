using System.Reflection;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Deploy;

/// <summary>
/// Whether an environment variable names a setting PromptConsole.Web reads: <c>PromptConsole__Database__Provider</c>
/// is the key <c>PromptConsole:Database:Provider</c>; the longest options section constant (<c>Section</c> or
/// <c>SectionName</c>) that prefixes it must belong to a class with a settable property of the next name.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Host and runtime settings outside the app's own sections.</summary>
    private static readonly HashSet<string> HostVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit",
    };

    /// <summary>
    /// Named by issue 12 (the master key, <c>PromptConsole:Auth:MasterKey</c>) and added by the authentication work;
    /// accepted while no <c>PromptConsole:Auth</c> section exists in the app, checked like the others once it does.
    /// </summary>
    private const string PendingAuthKey = "PromptConsole:Auth:MasterKey";

    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Sections = new(FindSections);

    /// <summary>Null when the app reads the variable; otherwise why not.</summary>
    public static string? Problem(string variable)
    {
        if (HostVariables.Contains(variable))
            return null;
        if (!variable.StartsWith("PromptConsole__", StringComparison.Ordinal))
            return $"{variable} is neither a PromptConsole setting nor a known host variable.";

        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (key == PendingAuthKey && !Sections.Value.ContainsKey("PromptConsole:Auth"))
            return null;

        var section = Sections.Value.Keys
            .Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.Length)
            .FirstOrDefault();
        if (section is null)
            return $"{variable}: no options section of PromptConsole.Web contains {key}.";

        var property = key[(section.Length + 1)..].Split(':')[0];
        var type = Sections.Value[section];
        var found = type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return found is { CanWrite: true }
            ? null
            : $"{variable}: {type.Name} (section {section}) has no settable property {property}.";
    }

    private static IReadOnlyDictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(DatabaseOptions).Assembly.GetTypes())
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field is { IsLiteral: true, Name: "Section" or "SectionName" }
                    && field.GetRawConstantValue() is string value
                    && value.StartsWith("PromptConsole", StringComparison.Ordinal)
                    && type.GetProperties().Any(p => p.CanWrite))
                {
                    sections.TryAdd(value, type);
                }
            }
        }

        return sections;
    }
}
