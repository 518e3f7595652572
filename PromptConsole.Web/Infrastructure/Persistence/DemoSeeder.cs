using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// Fills an empty database with three prompts so a first start shows something real: versions,
/// variables of several types, output checks, a <c>production</c> label, and one deploy history
/// that can be rolled back. Built through the domain so the rows are exactly what edits produce.
/// </summary>
public sealed partial class DemoSeeder(IDbContextFactory<PromptConsoleDbContext> dbFactory, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string Actor = "demo-seed";
    public const string FastModel = "sim-fast";
    public const string SmartModel = "sim-smart";

    /// <summary>Seeds when the database has no prompts; returns whether it did.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Prompts.AnyAsync(cancellationToken))
        {
            LogSkipped();
            return false;
        }

        var prompts = BuildDemoPrompts(time.GetUtcNow());
        db.Prompts.AddRange(prompts);
        db.AuditEvents.AddRange(prompts.SelectMany(p => p.PendingAudit));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (db.IsUniqueViolation(exception))
        {
            // Another instance starting at the same moment seeded first.
            LogSkipped();
            return false;
        }

        foreach (var prompt in prompts)
            prompt.ClearPendingAudit();
        LogSeeded(prompts.Count);
        return true;
    }

    /// <summary>The demo content, dated over the last few days so histories read naturally.</summary>
    public static IReadOnlyList<Prompt> BuildDemoPrompts(DateTimeOffset now)
    {
        var start = now.AddDays(-3);
        return [SupportReply(start), SummarizeTicket(start.AddHours(1)), ExtractOrder(start.AddHours(2))];
    }

    private static Prompt SupportReply(DateTimeOffset at)
    {
        VariableDeclaration[] variables =
        [
            new("customer_name", VariableType.String, Description: "How to address the customer."),
            new("message", VariableType.Text, Description: "What the customer wrote."),
            new("tone", VariableType.Enum, Required: false, Default: "friendly", AllowedValues: ["friendly", "formal"]),
        ];
        var prompt = Prompt.Create(
            "support-reply",
            "Support reply",
            "Drafts a reply to a customer support message in the requested tone.",
            ["support", "customer"],
            Actor,
            at).Value;

        Add(prompt, at.AddMinutes(5), new VersionDraft(
            "Write a {{tone}} reply to {{customer_name}}, who wrote:\n\n{{message}}",
            new ModelSettings(FastModel, Temperature: 0.7, MaxTokens: 400),
            variables,
            Note: "First draft."));
        Add(prompt, at.AddDays(1), new VersionDraft(
            "Customer: {{customer_name}}\nTone: {{tone}}\n\nMessage:\n{{message}}\n\nWrite the reply. Greet {{customer_name}} by name and end with a clear next step.",
            new ModelSettings(SmartModel, Temperature: 0.4, MaxTokens: 500, FallbackModels: [FastModel]),
            variables,
            Checks: new OutputChecks(MaxLength: 2_000),
            SystemText: "You are a patient, precise support agent. Never promise refunds.",
            Note: "Smarter model with a fallback; greet by name; cap the length."));
        Add(prompt, at.AddDays(2), new VersionDraft(
            "Customer: {{customer_name}}\nTone: {{tone}}\n\nMessage:\n{{message}}\n\nWrite the reply in at most three short paragraphs. Greet {{customer_name}} by name and end with a clear next step.",
            new ModelSettings(SmartModel, Temperature: 0.3, MaxTokens: 400, FallbackModels: [FastModel]),
            variables,
            Checks: new OutputChecks(MaxLength: 1_500),
            SystemText: "You are a patient, precise support agent. Never promise refunds.",
            Note: "Shorter replies; being tried on staging."));

        // production moved v1 → v2, so a rollback to v1 is possible from the first start.
        Deploy(prompt, "production", 1, at.AddMinutes(10), "Initial release.");
        Deploy(prompt, "production", 2, at.AddDays(1).AddHours(1), "Better greetings in review.");
        Deploy(prompt, "staging", 3, at.AddDays(2).AddHours(1), "Trying shorter replies.");

        // Customers ask the same things in other words (the demo traffic paraphrases some messages): the semantic
        // cache on the message, in shadow mode, shows how often a cached reply would have agreed with a fresh one.
        prompt.ConfigureSemanticCache(
            new Domain.Caching.SemanticCacheChange(Mode: "shadow", Variables: new Dictionary<string, Domain.Caching.SemanticVariableChange?> { ["message"] = new("semantic", null) }),
            Actor,
            at.AddDays(2).AddHours(2));
        return prompt;
    }

    private static Prompt SummarizeTicket(DateTimeOffset at)
    {
        VariableDeclaration[] variables =
        [
            new("ticket", VariableType.Text, Description: "The full ticket thread."),
            new("product", VariableType.String, Required: false, Default: "the product"),
        ];
        var prompt = Prompt.Create(
            "summarize-ticket",
            "Summarize ticket",
            "One-paragraph summary of a support ticket for the on-call hand-over.",
            ["support", "summarization"],
            Actor,
            at).Value;

        Add(prompt, at.AddMinutes(5), new VersionDraft(
            "Summarize this ticket about {{product}} in one paragraph:\n\n{{ticket}}",
            new ModelSettings(FastModel, Temperature: 0.2, MaxTokens: 200),
            variables,
            Checks: new OutputChecks(MaxLength: 800),
            Note: "First draft."));
        Add(prompt, at.AddDays(1), new VersionDraft(
            "Summarize this ticket about {{product}} in one paragraph of at most 60 words. Lead with the customer's problem, then what was tried.\n\n{{ticket}}",
            new ModelSettings(FastModel, Temperature: 0.2, MaxTokens: 110),
            variables,
            Checks: new OutputChecks(MaxLength: 500),
            Note: "Tighter: 60 words, problem first."));

        Deploy(prompt, "production", 2, at.AddDays(1).AddHours(1), "Hand-over notes were too long.");
        return prompt;
    }

    private static Prompt ExtractOrder(DateTimeOffset at)
    {
        VariableDeclaration[] variables =
        [
            new("email", VariableType.Text, Description: "A customer e-mail that mentions an order."),
        ];
        var prompt = Prompt.Create(
            "extract-order",
            "Extract order",
            "Pulls order details out of a customer e-mail as JSON.",
            ["orders", "extraction", "json"],
            Actor,
            at).Value;

        Add(prompt, at.AddMinutes(5), new VersionDraft(
            "Extract the order from this e-mail. Answer with JSON only: {\"order_id\": string, \"items\": [string]}.\n\n{{email}}",
            new ModelSettings(FastModel, Temperature: 0, MaxTokens: 300),
            variables,
            Checks: new OutputChecks(MustBeJson: true),
            Note: "JSON output."));
        Add(prompt, at.AddDays(1), new VersionDraft(
            "Extract the order from this e-mail. Answer with JSON only: {\"order_id\": string, \"items\": [string], \"currency\": ISO-4217 code or null}.\n\n{{email}}",
            new ModelSettings(SmartModel, Temperature: 0, MaxTokens: 300, FallbackModels: [FastModel]),
            variables,
            Checks: new OutputChecks(Regex: "\"order_id\"\\s*:", MustBeJson: true),
            Note: "Adds currency; the answer must contain order_id."));

        Deploy(prompt, "production", 2, at.AddDays(1).AddHours(1), "Finance needs the currency.");

        // The same e-mails come in again and again (the demo traffic repeats some), so answers are served from the exact cache.
        prompt.ConfigureExactCache(new Domain.Caching.ExactCacheSettings(true, 24 * 3600), Actor, at.AddDays(1).AddHours(2));
        return prompt;
    }

    private static void Add(Prompt prompt, DateTimeOffset at, VersionDraft draft)
    {
        var added = prompt.AddVersion(draft, Actor, at);
        if (!added.IsSuccess)
            throw new InvalidOperationException($"Demo version for '{prompt.Key}' is invalid: {added.Error!.Message} {string.Join("; ", added.Error.FieldErrors.Select(f => f.Message))}");
    }

    private static void Deploy(Prompt prompt, string label, int version, DateTimeOffset at, string reason)
    {
        var deployed = prompt.Deploy(label, version, Actor, reason, at);
        if (!deployed.IsSuccess)
            throw new InvalidOperationException($"Demo deploy of '{prompt.Key}' v{version} failed: {deployed.Error!.Message}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo prompts.")]
    private partial void LogSeeded(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database already has prompts; demo data not seeded.")]
    private partial void LogSkipped();
}
