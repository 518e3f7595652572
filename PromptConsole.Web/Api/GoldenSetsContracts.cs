using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable, so a missing field is reported by validation under its own name.

/// <summary><c>equals</c> is any JSON value the field must equal; without it, <c>exists</c> (default true) says present or absent.</summary>
public sealed record GoldenJsonFieldBody(string? Path, [property: JsonPropertyName("equals")] JsonElement? EqualsValue, bool? Exists)
{
    public GoldenJsonFieldDraft ToDraft() => new(
        Path,
        EqualsValue is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value ? value.GetRawText() : null,
        Exists);
}

public sealed record GoldenExpectationsBody(
    bool? OutputChecksPass,
    List<string?>? RequiredPhrases,
    List<string?>? ForbiddenPhrases,
    bool? IgnoreCase,
    List<GoldenJsonFieldBody?>? JsonFields,
    int? MaxLatencyMs,
    double? MinAutomatedScore)
{
    public GoldenExpectationsDraft ToDraft() => new(
        OutputChecksPass, RequiredPhrases, ForbiddenPhrases, IgnoreCase, JsonFields?.Select(f => f?.ToDraft()).ToArray(), MaxLatencyMs, MinAutomatedScore);
}

/// <summary>Variables as the execution API takes them: any JSON value per name.</summary>
public sealed record GoldenCaseBody(string? Name, Dictionary<string, JsonElement>? Variables, GoldenExpectationsBody? Expectations)
{
    public GoldenCaseDraft ToDraft() => new(
        Name,
        Variables?.ToDictionary(v => v.Key, v => v.Value.GetRawText(), StringComparer.Ordinal),
        Expectations?.ToDraft());
}

/// <summary>Either a saved <c>version</c> or a <c>draft</c> (the body of a version creation).</summary>
public sealed record GoldenRunBody(int? Version, VersionDraftBody? Draft);

public sealed record GoldenPolicyBody(bool? RequireGoldenPass);

// Responses.

public sealed record GoldenJsonFieldView(string Path, [property: JsonPropertyName("equals")] JsonElement? EqualsValue, bool Exists);

public sealed record GoldenExpectationsView(
    bool OutputChecksPass,
    IReadOnlyList<string> RequiredPhrases,
    IReadOnlyList<string> ForbiddenPhrases,
    bool IgnoreCase,
    IReadOnlyList<GoldenJsonFieldView> JsonFields,
    int? MaxLatencyMs,
    double? MinAutomatedScore)
{
    public static GoldenExpectationsView From(GoldenExpectations e) => new(
        e.OutputChecksPass,
        e.Required,
        e.Forbidden,
        e.PhrasesIgnoreCase,
        e.Fields.Select(f => new GoldenJsonFieldView(f.Path, f.ExpectedJson is { } json ? Parse(json) : null, f.MustExist)).ToArray(),
        e.MaxLatencyMs,
        e.MinAutomatedScore);

    internal static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record GoldenCaseView(
    Guid Id,
    string Prompt,
    string Name,
    IReadOnlyDictionary<string, JsonElement> Variables,
    GoldenExpectationsView Expectations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static GoldenCaseView From(GoldenCase c) => new(
        c.Id,
        c.PromptKey,
        c.Name,
        c.Variables.ToDictionary(v => v.Key, v => GoldenExpectationsView.Parse(v.Value), StringComparer.Ordinal),
        GoldenExpectationsView.From(c.Expectations),
        c.CreatedAt,
        c.UpdatedAt,
        c.UpdatedBy);
}

public sealed record GoldenFailureView(string Expectation, string Message);

public sealed record GoldenCaseResultView(
    Guid CaseId,
    string Name,
    bool Passed,
    string? Output,
    double LatencyMs,
    Guid? ExecutionId,
    IReadOnlyList<GoldenFailureView> Failures);

/// <summary><c>results</c> is left out of lists; a run of a draft has no <c>version</c> and <c>draft: true</c>.</summary>
public sealed record GoldenRunView(
    Guid Id,
    string Prompt,
    int? Version,
    bool Draft,
    bool Passed,
    int Cases,
    int Failed,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    string Actor,
    IReadOnlyList<GoldenCaseResultView>? Results)
{
    public static GoldenRunView From(GoldenRun run, bool withResults = true) => new(
        run.Id,
        run.PromptKey,
        run.Version,
        run.IsDraft,
        run.Passed,
        run.CaseCount,
        run.FailedCount,
        run.StartedAt,
        run.CompletedAt,
        run.Actor,
        withResults
            ? run.Results.Select(r => new GoldenCaseResultView(r.CaseId, r.CaseName, r.Passed, r.Output, r.LatencyMs, r.ExecutionId,
                r.Failures.Select(f => new GoldenFailureView(f.Expectation, f.Message)).ToArray())).ToArray()
            : null);
}

public sealed record GoldenPolicyView(string Prompt, bool RequireGoldenPass);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(GoldenCaseBody))]
[JsonSerializable(typeof(GoldenRunBody))]
[JsonSerializable(typeof(GoldenPolicyBody))]
[JsonSerializable(typeof(GoldenCaseView))]
[JsonSerializable(typeof(IReadOnlyList<GoldenCaseView>))]
[JsonSerializable(typeof(GoldenRunView))]
[JsonSerializable(typeof(IReadOnlyList<GoldenRunView>))]
[JsonSerializable(typeof(GoldenPolicyView))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class GoldenSetsJsonContext : JsonSerializerContext;
