using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Tests.Components.Fakes;

namespace PromptConsole.Tests.Components;

/// <summary>Flags set up through the registry, the way the console would find them.</summary>
internal static class FlagFixtures
{
    /// <summary>Off; when on, acme's subjects in the first quarter get <c>on</c>.</summary>
    public static FlagDraft NewCheckout(bool enabled = false) => new(
        "new-checkout",
        "Checkout v2",
        FlagValidator.StandardKind,
        enabled,
        [new FlagVariantDraft("off", "false"), new FlagVariantDraft("on", "true")],
        "off",
        [new TargetingConditionDraft("tenant", "equals", ["acme"])],
        [new FlagPercentileDraft("on", 0, 25)]);

    /// <summary>Holds prompt greeting on v1 while on.</summary>
    public static FlagDraft GreetingKillSwitch(bool enabled = false) => new(
        "greeting-safe",
        "Fall back to the first greeting",
        FlagValidator.PromptKillSwitchKind,
        enabled,
        KillSwitch: new KillSwitchTargetDraft("greeting", 1));

    /// <summary>Prompt greeting with two versions (production on v2) and the two flags above.</summary>
    public static async Task<(InMemoryPromptRegistry Prompts, InMemoryFlagRegistry Flags)> SeedAsync(bool killSwitchEnabled = false)
    {
        var prompts = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await prompts.DeployAsync("greeting", "production", 2, null, null, "alice");
        var flags = new InMemoryFlagRegistry(prompts);
        Created(await flags.CreateAsync(NewCheckout(), "alice"));
        Created(await flags.CreateAsync(GreetingKillSwitch(killSwitchEnabled), "alice"));
        return (prompts, flags);
    }

    private static void Created<T>(Result<T> result)
    {
        if (!result.IsSuccess)
            throw new InvalidOperationException($"Fixture flag refused: {result.Error!.Message} {string.Join("; ", result.Error.FieldErrors.Select(f => $"{f.Field}: {f.Message}"))}");
    }
}
