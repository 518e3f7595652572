using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PromptConsole.Web.Api;

namespace PromptConsole.Tests.Api;

/// <summary>What a body field should have been, found through the contract by the serializer's error path.</summary>
public sealed class JsonValueExpectationTests
{
    public enum Shade { Light, Dark }

    public sealed record Inner(int Count, Shade Shade);

    public sealed record Body(
        bool Enabled, int? TtlSeconds, double Threshold, string Name, Guid Id, DateTimeOffset At, TimeSpan Window,
        IReadOnlyList<Inner> Items, Dictionary<string, Inner> ByName, Inner Single);

    private static readonly JsonTypeInfo Contract = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }
        .GetTypeInfo(typeof(Body));

    [Theory]
    [InlineData("$.enabled", "Must be true or false.")]
    [InlineData("$.ttlSeconds", "Must be a whole number.")]
    [InlineData("$.threshold", "Must be a number.")]
    [InlineData("$.name", "Must be a string.")]
    [InlineData("$.id", "Must be an id (a GUID).")]
    [InlineData("$.at", "Must be a date and time in ISO 8601 (2026-12-05T08:00:00Z).")]
    [InlineData("$.window", "Must be a duration (hh:mm:ss).")]
    [InlineData("$.items", "Must be an array.")]
    [InlineData("$.items[3]", "Must be a JSON object.")]
    [InlineData("$.items[3].count", "Must be a whole number.")]
    [InlineData("$.items[0].shade", "Must be one of: Light, Dark.")]
    [InlineData("$.byName", "Must be a JSON object.")]
    [InlineData("$.byName.first.count", "Must be a whole number.")]
    [InlineData("$.byName['odd key'].shade", "Must be one of: Light, Dark.")]
    [InlineData("$.single.count", "Must be a whole number.")]
    [InlineData("$", "Must be a JSON object.")]
    public void Names_what_the_field_should_have_been(string path, string expected) =>
        Assert.Equal(expected, JsonValueExpectation.Describe(Contract, path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("enabled")]
    [InlineData("$.noSuchField")]
    [InlineData("$.enabled.deeper")]
    [InlineData("$.name[0]")]
    [InlineData("$.items[")]
    public void Says_nothing_when_the_path_cannot_be_followed(string? path) =>
        Assert.Null(JsonValueExpectation.Describe(Contract, path));
}
