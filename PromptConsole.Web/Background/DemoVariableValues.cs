using System.Globalization;
using System.Text.Json;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Background;

/// <summary>
/// Plausible values for a version's declared variables, chosen from the declarations alone (type,
/// allowed values, default, and hints in the name such as "email" or "customer_name"). The same
/// seed always gives the same values. Optional variables and ones with a default are sometimes
/// left out, so defaults are exercised too.
/// </summary>
public static class DemoVariableValues
{
    /// <summary>How far back generated dates reach.</summary>
    public const int DateSpanDays = 30;

    /// <summary>
    /// Values for every declaration, already checked by <see cref="VariableBinder"/>; null when the
    /// declarations cannot be filled (a required enum without allowed values, say).
    /// </summary>
    public static IReadOnlyDictionary<string, VariableValue>? Fill(IReadOnlyList<VariableDeclaration> declarations, ulong seed, DateOnly today)
    {
        var random = new DemoRandom(seed);
        var values = new Dictionary<string, VariableValue>(StringComparer.Ordinal);
        foreach (var declaration in declarations)
        {
            if (ValueFor(declaration, ref random, today) is { } value)
                values[declaration.Name] = value;
        }

        return VariableBinder.Bind(declarations, values).IsSuccess ? values : null;
    }

    /// <summary>One declaration's value, or null to leave it out (its default or emptiness applies, or nothing fits).</summary>
    public static VariableValue? ValueFor(VariableDeclaration declaration, ref DemoRandom random, DateOnly today)
    {
        // Decide first, so a declaration's value does not depend on whether it may be left out.
        var leaveOut = declaration.Default is not null ? random.Chance(1 / 3d) : !declaration.Required && random.Chance(1 / 4d);
        var name = declaration.Name.ToLowerInvariant();
        VariableValue? value = declaration.Type switch
        {
            VariableType.Text => VariableValue.FromString(random.Pick(TextPool(name))),
            VariableType.String => VariableValue.FromString(random.Pick(StringPool(name))),
            VariableType.Number => VariableValue.FromNumber(NumberFor(name, ref random).ToString("0.##", CultureInfo.InvariantCulture)),
            VariableType.Integer => VariableValue.FromNumber(IntegerFor(name, ref random).ToString(CultureInfo.InvariantCulture)),
            VariableType.Boolean => VariableValue.FromBoolean(random.Chance(0.5)),
            VariableType.Date => VariableValue.FromString(today.AddDays(-random.Next(0, DateSpanDays)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            VariableType.Enum => declaration.AllowedValues is { Count: > 0 } allowed ? VariableValue.FromString(random.Pick(allowed)) : null,
            VariableType.Id => VariableValue.FromString($"{IdPrefix(name)}-{random.Next(10_000, 100_000).ToString(CultureInfo.InvariantCulture)}"),
            VariableType.Code => VariableValue.FromString(random.Pick(CodeSnippets)),
            VariableType.Json => JsonFor(ref random),
            _ => null,
        };
        return leaveOut ? null : value;
    }

    private static IReadOnlyList<string> TextPool(string name) =>
        Has(name, "mail") ? Emails
        : Has(name, "ticket", "thread", "conversation", "transcript") ? Tickets
        : Has(name, "review", "feedback", "comment") ? Reviews
        : DemoParaphrases.Messages;

    private static IReadOnlyList<string> StringPool(string name) =>
        Has(name, "product", "item", "service") ? Products
        : Has(name, "lang", "locale") ? Languages
        : Has(name, "tone", "style", "voice") ? Tones
        : Has(name, "country", "region") ? Countries
        : Has(name, "city") ? Cities
        : Has(name, "name", "customer", "user", "author", "agent") ? PersonNames
        : Has(name, "topic", "subject", "title") ? Topics
        : Words;

    private static double NumberFor(string name, ref DemoRandom random) =>
        Has(name, "price", "amount", "total", "cost", "budget")
            ? Math.Round(5 + random.NextDouble() * 495, 2)
            : Has(name, "rate", "ratio", "share", "probability", "temperature", "score")
                ? Math.Round(random.NextDouble(), 2)
                : Math.Round(1 + random.NextDouble() * 99, 1);

    private static int IntegerFor(string name, ref DemoRandom random) =>
        Has(name, "quantity", "count", "items", "number") ? random.Next(1, 11)
        : Has(name, "word", "length", "limit", "max", "min") ? random.Next(20, 201)
        : random.Next(1, 101);

    private static string IdPrefix(string name) =>
        Has(name, "order") ? "ORD"
        : Has(name, "ticket", "case") ? "TCK"
        : Has(name, "invoice") ? "INV"
        : Has(name, "customer", "user", "account") ? "CUS"
        : "ID";

    /// <summary>A short list of order items: the shape templates walk with <c>{{#each}}</c>.</summary>
    private static VariableValue JsonFor(ref DemoRandom random)
    {
        var count = random.Next(1, 4);
        var items = new List<object?>(count);
        for (var i = 0; i < count; i++)
            items.Add(random.Pick(Products));
        return VariableValue.FromStructured(items, JsonSerializer.Serialize(items.Cast<string>().ToArray()));
    }

    private static bool Has(string name, params ReadOnlySpan<string> hints)
    {
        foreach (var hint in hints)
        {
            if (name.Contains(hint, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private static readonly string[] Tickets =
    [
        "Customer: Sync stopped working after the update.\nAgent: Which version are you on?\nCustomer: 4.2.1 on Windows. Reinstalling did not help.\nAgent: Escalated to engineering; a workaround is to disable the proxy setting.",
        "Customer: We cannot add more than 10 users to our workspace.\nAgent: Your plan allows 10 seats; upgrading lifts the limit.\nCustomer: We upgraded yesterday and still see the limit.\nAgent: The plan change had not been applied; fixed manually.",
        "Customer: The monthly report is empty since Monday.\nAgent: The data import job failed on a malformed row.\nCustomer: Can you re-run it?\nAgent: Re-ran it after skipping the row; the report is back.",
        "Customer: Two-factor codes are rejected.\nAgent: The phone clock was six minutes off.\nCustomer: Fixed the clock, codes work now. Thanks.",
        "Customer: Charged in USD instead of EUR.\nAgent: The billing country was set to United States.\nCustomer: Please correct it and refund the difference.\nAgent: Corrected; finance will refund the difference within five days.",
    ];

    private static readonly string[] Emails =
    [
        "Hello, I placed order ORD-48213 on Monday for two ceramic mugs and a teapot, paid in EUR. Only the mugs arrived. Could you check? Best, Dana",
        "Hi team, regarding order ORD-51977: I ordered a standing desk and a monitor arm (GBP). The desk came without screws. Thanks, Tomás",
        "Good morning, could you confirm order ORD-60342? It should contain three packs of printer paper and one toner cartridge, billed in USD.",
        "Dear support, my order ORD-39025 with the wireless headphones and a charging case has not shipped yet. Regards, Aiko",
        "Hi, I want to add a second keyboard to order ORD-72218 before it ships. Payment was in CAD. Thank you, Priya",
    ];

    private static readonly string[] Reviews =
    [
        "Setup took five minutes and the dashboard is clear. Exports could be faster.",
        "Support answered within an hour and solved the problem. Great experience.",
        "The mobile app crashes when I open large reports. Otherwise solid.",
        "Pricing is fair for small teams, but the enterprise tier is expensive.",
    ];

    private static readonly string[] Products = ["the mobile app", "Cloud Backup", "the billing portal", "Team Workspace", "the reporting API", "Smart Thermostat"];

    private static readonly string[] Languages = ["English", "French", "German", "Spanish", "Japanese", "Portuguese"];

    private static readonly string[] Tones = ["friendly", "formal", "concise", "empathetic"];

    private static readonly string[] Countries = ["Germany", "France", "Japan", "Brazil", "Canada", "Kenya"];

    private static readonly string[] Cities = ["Berlin", "Lyon", "Osaka", "Porto Alegre", "Toronto", "Nairobi"];

    private static readonly string[] PersonNames = ["Dana Whitfield", "Tomás Ribeiro", "Aiko Tanaka", "Priya Raman", "Jonas Berg", "Amara Okafor", "Lena Fischer", "Marcus Chen"];

    private static readonly string[] Topics = ["billing", "account access", "data export", "performance", "onboarding", "integrations"];

    private static readonly string[] Words = ["standard", "priority", "basic", "weekly", "internal", "draft"];

    private static readonly string[] CodeSnippets =
    [
        "def total(items):\n    return sum(i.price for i in items)",
        "SELECT id, email FROM customers WHERE created_at > now() - interval '7 days';",
        "const sorted = [...orders].sort((a, b) => a.date - b.date);",
        "public static int Clamp(int value, int min, int max) => Math.Min(Math.Max(value, min), max);",
    ];
}
