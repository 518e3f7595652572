using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Api;

/// <summary>
/// Reads JSON bodies ourselves rather than through parameter binding, so malformed JSON becomes a
/// problem that says where (path, line, byte) instead of the framework's bare 400.
/// </summary>
public static class RequestBody
{
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0)
            return Error.Validation("invalid-json", "The request body is empty; a JSON object is expected.", [new FieldError("body", "A JSON object is expected.")]);

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken);
            return value is null
                ? Error.Validation("invalid-json", "The request body is null; a JSON object is expected.", [new FieldError("body", "A JSON object is expected.")])
                : value;
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            var message = WrongKindOfValue(ex) && JsonValueExpectation.Describe(typeInfo, ex.Path) is { } expected
                ? expected
                : FirstSentence(ex.Message);
            var detail = field == "body" ? message : $"'{field}': {message}";
            return Error.Validation(
                "invalid-json",
                $"The request body is not valid JSON for this endpoint{where}: {detail}",
                [new FieldError(field, message, ex.LineNumber is null ? null : (int)ex.LineNumber + 1, ex.BytePositionInLine is null ? null : (int)ex.BytePositionInLine + 1)]);
        }
    }

    /// <summary>Valid JSON whose value has the wrong kind for its field; syntax errors keep the parser's own words.</summary>
    private static bool WrongKindOfValue(JsonException ex) =>
        ex.Message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal);

    private static string FirstSentence(string message)
    {
        var pathIndex = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathIndex > 0 ? message[..pathIndex] : message;
    }
}
