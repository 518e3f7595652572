using System.Text;
using System.Text.Json;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Api;

/// <summary>
/// Reads a batch request: a JSON object with <c>items</c>, or JSONL (one item object per line, options in the query).
/// Problems name the item exactly: <c>items[3].variables</c> for JSON, <c>line 7</c> for JSONL (with the line number).
/// </summary>
public static class BatchRequestReader
{
    public static readonly string[] JsonLinesMediaTypes = ["application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines"];

    private const int MaxReportedErrors = 100;

    public static bool IsJsonLines(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        return mediaType is not null && JsonLinesMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    public static async Task<Result<BatchSubmission>> ReadJsonAsync(string promptKey, HttpContext http, int maxItems, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, BatchJsonContext.Default.BatchCreateBody, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!;
        var request = body.Value;
        if (request.Items is null)
            return Error.Validation("invalid-batch", "The body needs an 'items' array.", [new FieldError("items", "An array of items is required.")]);
        if (BatchRules.CheckSize(request.Items.Count, maxItems, "items") is { } size)
            return size;
        var mode = ParseMode(request.Mode);
        if (!mode.IsSuccess)
            return mode.Error!;

        var errors = new List<FieldError>();
        var items = new List<BatchItemInput>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var locator = $"items[{i}]";
            if (request.Items[i] is not { } item)
            {
                Add(errors, new FieldError(locator, "An item object is expected."));
                continue;
            }

            items.Add(ToInput(item, locator, null));
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-batch-items", "Some items are not item objects; nothing was started.", errors);
        return new BatchSubmission(promptKey, items, request.Label, request.Version, mode.Value, CallerTenant.Of(http, request.Tenant));
    }

    /// <summary>Blank lines are skipped; line numbers count every line, so they match the caller's editor.</summary>
    public static async Task<Result<BatchSubmission>> ReadJsonLinesAsync(string promptKey, HttpContext http, int maxItems, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var mode = ParseMode(query["mode"]);
        if (!mode.IsSuccess)
            return mode.Error!;
        int? version = null;
        if (!string.IsNullOrWhiteSpace(query["version"]))
        {
            if (!int.TryParse(query["version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return Error.Validation("invalid-batch", $"'{query["version"]}' is not a version number.", [new FieldError("version", "A positive whole number.")]);
            version = parsed;
        }

        using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var items = await ReadLinesAsync(reader, maxItems, cancellationToken);
        if (!items.IsSuccess)
            return items.Error!;
        return new BatchSubmission(promptKey, items.Value, Blank(query["label"]), version, mode.Value, CallerTenant.Of(http, Blank(query["tenant"]))) { ItemsField = "body" };
    }

    /// <summary>JSONL items from any text (the API's body, a file uploaded in the console).</summary>
    public static async Task<Result<IReadOnlyList<BatchItemInput>>> ReadLinesAsync(TextReader reader, int maxItems, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var items = new List<BatchItemInput>();
        var lineNumber = 0;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                if (items.Count + 1 > maxItems)
                    return BatchRules.CheckSize(maxItems + 1, maxItems, "body")!;
                var locator = $"line {lineNumber}";
                BatchItemBody? item;
                try
                {
                    item = JsonSerializer.Deserialize(line, BatchJsonContext.Default.BatchItemBody);
                }
                catch (JsonException ex)
                {
                    var column = ex.BytePositionInLine is { } position ? (int)position + 1 : (int?)null;
                    var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : "." + ex.Path.TrimStart('$', '.');
                    Add(errors, new FieldError(locator + path, FirstSentence(ex.Message), lineNumber, column));
                    continue;
                }

                if (item is null)
                {
                    Add(errors, new FieldError(locator, "An item object is expected.", lineNumber));
                    continue;
                }

                items.Add(ToInput(item, locator, lineNumber));
            }
        }
        catch (DecoderFallbackException)
        {
            return Error.Validation("invalid-encoding", $"The body is not valid UTF-8 (at line {lineNumber + 1}).", [new FieldError($"line {lineNumber + 1}", "Not valid UTF-8.", lineNumber + 1)]);
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-jsonl", "Some lines are not item objects; nothing was started.", errors);
        return items;
    }

    /// <summary>
    /// A JSON document of items: <c>{"items":[…]}</c> as the API takes it, or a bare array of item objects (a file
    /// uploaded in the console). Options in the object are ignored here; the console sets them itself.
    /// </summary>
    public static Result<IReadOnlyList<BatchItemInput>> ParseJsonItems(string text, int maxItems)
    {
        List<BatchItemBody?>? list;
        try
        {
            list = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize(text, BatchJsonContext.Default.ListBatchItemBody)
                : JsonSerializer.Deserialize(text, BatchJsonContext.Default.BatchCreateBody)?.Items;
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return Error.Validation("invalid-json", $"The file is not valid JSON: {FirstSentence(ex.Message)}", [new FieldError(field, FirstSentence(ex.Message), ex.LineNumber is { } l ? (int)l + 1 : null)]);
        }

        if (list is null)
            return Error.Validation("invalid-batch", "The file needs an array of items (or an object with 'items').", [new FieldError("items", "An array of items is required.")]);
        if (BatchRules.CheckSize(list.Count, maxItems, "items") is { } size)
            return size;
        var errors = new List<FieldError>();
        var items = new List<BatchItemInput>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } item)
                items.Add(ToInput(item, $"items[{i}]", null));
            else
                Add(errors, new FieldError($"items[{i}]", "An item object is expected."));
        }

        return errors.Count > 0 ? Error.Validation("invalid-batch-items", "Some items are not item objects; nothing was started.", errors) : items;
    }

    private static BatchItemInput ToInput(BatchItemBody item, string locator, int? line) => new(
        locator,
        line,
        VariableValues.FromJson(item.Variables),
        JsonSerializer.Serialize(item.Variables ?? [], BatchJsonContext.Default.DictionaryStringJsonElement),
        item.Subject,
        item.CustomId);

    private static Result<BatchMode> ParseMode(string? text) => BatchNames.ParseMode(text) is { } mode
        ? mode
        : Error.Validation("invalid-batch", $"'{text}' is not a batch mode.", [new FieldError("mode", "Either 'gateway' or 'provider-batch'.")]);

    private static void Add(List<FieldError> errors, FieldError error)
    {
        if (errors.Count < MaxReportedErrors)
            errors.Add(error);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string FirstSentence(string message)
    {
        var pathIndex = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathIndex > 0 ? message[..pathIndex] : message;
    }
}
