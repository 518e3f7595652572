using System.Globalization;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Background;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Background;

public sealed class DemoVariableValuesTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static IEnumerable<ulong> Seeds => Enumerable.Range(0, 200).Select(i => (ulong)i * 7919);

    private static VariableValue? ValueFor(VariableDeclaration declaration, ulong seed)
    {
        var random = new DemoRandom(seed);
        return DemoVariableValues.ValueFor(declaration, ref random, Today);
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_other_seeds_vary_them()
    {
        VariableDeclaration[] declarations = [new("customer_name"), new("message", VariableType.Text), new("quantity", VariableType.Integer)];

        var first = DemoVariableValues.Fill(declarations, 42, Today)!;
        var again = DemoVariableValues.Fill(declarations, 42, Today)!;

        Assert.Equal(first.OrderBy(p => p.Key), again.OrderBy(p => p.Key));
        var distinctMessages = Seeds.Select(s => DemoVariableValues.Fill(declarations, s, Today)!["message"].Text).Distinct().Count();
        Assert.True(distinctMessages > 3, $"Only {distinctMessages} different messages over 200 seeds.");
    }

    [Fact]
    public void An_enum_takes_only_its_allowed_values_and_all_of_them_over_many_seeds()
    {
        var tone = new VariableDeclaration("tone", VariableType.Enum, AllowedValues: ["friendly", "formal", "terse"]);

        var values = Seeds.Select(s => ValueFor(tone, s)!.Value).ToArray();

        Assert.All(values, v => Assert.Equal(VariableValueKind.String, v.Kind));
        Assert.Equal(["formal", "friendly", "terse"], values.Select(v => v.Text).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_required_enum_without_allowed_values_or_default_cannot_be_filled()
    {
        VariableDeclaration[] declarations = [new("message", VariableType.Text), new("tone", VariableType.Enum, AllowedValues: [])];

        Assert.Null(DemoVariableValues.Fill(declarations, 1, Today));
    }

    [Fact]
    public void An_enum_with_a_default_is_sometimes_left_to_its_default()
    {
        var tone = new VariableDeclaration("tone", VariableType.Enum, Required: false, Default: "friendly", AllowedValues: ["friendly", "formal"]);

        var leftOut = Seeds.Count(s => ValueFor(tone, s) is null);

        Assert.InRange(leftOut, 40, 100);
        Assert.All(Seeds, s => Assert.NotNull(DemoVariableValues.Fill([tone], s, Today)));
    }

    [Fact]
    public void A_variable_with_a_default_is_sometimes_left_out_so_the_default_applies()
    {
        var product = new VariableDeclaration("product", Required: false, Default: "the product");

        var values = Seeds.Select(s => ValueFor(product, s)).ToArray();
        var leftOut = values.Count(v => v is null);

        Assert.InRange(leftOut, 40, 100); // a third of 200, give or take
        Assert.All(values.OfType<VariableValue>(), v => Assert.NotEqual("the product", v.Text));
    }

    [Fact]
    public void A_required_variable_without_default_is_always_supplied()
    {
        var message = new VariableDeclaration("message", VariableType.Text);

        Assert.All(Seeds, s => Assert.NotNull(ValueFor(message, s)));
    }

    [Fact]
    public void An_optional_variable_without_default_is_left_out_about_a_quarter_of_the_time()
    {
        var note = new VariableDeclaration("note", VariableType.Text, Required: false);

        Assert.InRange(Seeds.Count(s => ValueFor(note, s) is null), 25, 80);
    }

    [Theory]
    [InlineData("email", VariableType.Text, "ORD-")]
    [InlineData("ticket", VariableType.Text, "Customer:")]
    [InlineData("customer_name", VariableType.String, " ")]
    public void Names_hint_at_plausible_content(string name, VariableType type, string expectedFragment)
    {
        var declaration = new VariableDeclaration(name, type);

        Assert.All(Seeds.Take(20), s => Assert.Contains(expectedFragment, ValueFor(declaration, s)!.Value.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Languages_and_products_come_from_their_own_pools()
    {
        var language = new VariableDeclaration("target_language");
        var product = new VariableDeclaration("product");

        Assert.All(Seeds.Take(20), s => Assert.Contains(ValueFor(language, s)!.Value.Text, new[] { "English", "French", "German", "Spanish", "Japanese", "Portuguese" }));
        Assert.All(Seeds.Take(20), s => Assert.DoesNotContain(ValueFor(product, s)!.Value.Text, new[] { "English", "French", "German", "Spanish", "Japanese", "Portuguese" }));
    }

    [Fact]
    public void Integers_are_whole_numbers_sized_by_their_name()
    {
        var quantity = new VariableDeclaration("quantity", VariableType.Integer);
        var maxWords = new VariableDeclaration("max_words", VariableType.Integer);

        foreach (var seed in Seeds)
        {
            var q = ValueFor(quantity, seed)!.Value;
            Assert.Equal(VariableValueKind.Number, q.Kind);
            Assert.InRange(long.Parse(q.Text!, CultureInfo.InvariantCulture), 1, 10);
            Assert.InRange(long.Parse(ValueFor(maxWords, seed)!.Value.Text!, CultureInfo.InvariantCulture), 20, 200);
        }
    }

    [Fact]
    public void Numbers_are_invariant_decimals_and_prices_look_like_prices()
    {
        var price = new VariableDeclaration("price", VariableType.Number);
        var ratio = new VariableDeclaration("discount_rate", VariableType.Number);

        foreach (var seed in Seeds)
        {
            var p = ValueFor(price, seed)!.Value;
            Assert.Equal(VariableValueKind.Number, p.Kind);
            Assert.DoesNotContain(",", p.Text, StringComparison.Ordinal);
            Assert.InRange(double.Parse(p.Text!, CultureInfo.InvariantCulture), 5, 500);
            Assert.InRange(double.Parse(ValueFor(ratio, seed)!.Value.Text!, CultureInfo.InvariantCulture), 0, 1);
        }
    }

    [Fact]
    public void Booleans_are_booleans_and_take_both_values()
    {
        var urgent = new VariableDeclaration("urgent", VariableType.Boolean);

        var values = Seeds.Select(s => ValueFor(urgent, s)!.Value).ToArray();

        Assert.All(values, v => Assert.Equal(VariableValueKind.Boolean, v.Kind));
        Assert.Equal(["false", "true"], values.Select(v => v.Text).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dates_are_iso_days_within_the_last_month()
    {
        var orderedOn = new VariableDeclaration("ordered_on", VariableType.Date);

        foreach (var seed in Seeds)
        {
            var text = ValueFor(orderedOn, seed)!.Value.Text!;
            var date = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.InRange(date, Today.AddDays(-(DemoVariableValues.DateSpanDays - 1)), Today);
        }
    }

    [Theory]
    [InlineData("order_id", "ORD-")]
    [InlineData("ticket_id", "TCK-")]
    [InlineData("customer_id", "CUS-")]
    [InlineData("reference", "ID-")]
    public void Ids_carry_a_prefix_from_their_name(string name, string prefix)
    {
        var text = ValueFor(new VariableDeclaration(name, VariableType.Id), 5)!.Value.Text!;

        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        Assert.Matches("^[A-Z]+-[0-9]{5}$", text);
    }

    [Fact]
    public void Json_variables_get_a_list_the_template_can_walk_and_its_json_text()
    {
        var items = new VariableDeclaration("items", VariableType.Json);

        var value = ValueFor(items, 11)!.Value;

        Assert.Equal(VariableValueKind.Structured, value.Kind);
        var list = Assert.IsType<List<object?>>(value.Structured);
        Assert.InRange(list.Count, 1, 3);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(list.Cast<string>().ToArray()), value.Text);
    }

    [Fact]
    public void Code_variables_get_a_snippet()
    {
        var text = ValueFor(new VariableDeclaration("snippet", VariableType.Code), 2)!.Value.Text!;

        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Fact]
    public void Every_version_of_the_demo_prompts_binds_for_every_seed()
    {
        var versions = DemoSeeder.BuildDemoPrompts(new DateTimeOffset(2026, 3, 15, 9, 0, 0, TimeSpan.Zero)).SelectMany(p => p.Versions).ToArray();

        foreach (var version in versions)
        {
            foreach (var seed in Seeds)
            {
                var values = DemoVariableValues.Fill(version.Variables, seed, Today);
                Assert.NotNull(values);
                Assert.True(VariableBinder.Bind(version.Variables, values).IsSuccess);
            }
        }
    }
}
