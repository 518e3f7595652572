using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Model;

/// <summary>One field error as the console shows it: the API's message, prefixed with its template position when it has one.</summary>
public sealed record FieldMessage(string Field, string Text, int? Line, int? Column);

/// <summary>
/// An <see cref="Error"/> ready to display. The texts are the registry's own messages, so the
/// console says exactly what the management API says for the same rejection.
/// </summary>
public sealed record ErrorView(ErrorKind Kind, string Code, string Message, IReadOnlyList<FieldMessage> Fields)
{
    public static ErrorView From(Error error) =>
        new(error.Kind, error.Code, error.Message, error.FieldErrors.Select(f => new FieldMessage(f.Field, Describe(f), f.Line, f.Column)).ToArray());

    /// <summary>A read that threw rather than returned an error (the database is down, say): the page says so instead of breaking.</summary>
    public static ErrorView Unavailable(string message) => new(ErrorKind.Unavailable, "unavailable", message, []);

    /// <summary>A change the signed-in role may not make; the page hides its control, this is the second line of defence.</summary>
    public static ErrorView Forbidden(string message) => new(ErrorKind.Forbidden, "forbidden", message, []);

    /// <summary>"Line 3, column 5: Variable 'x' is used but not declared." for template positions, the bare message otherwise.</summary>
    public static string Describe(FieldError field) => (field.Line, field.Column) switch
    {
        ({ } line, { } column) => $"Line {line}, column {column}: {field.Message}",
        ({ } line, null) => $"Line {line}: {field.Message}",
        _ => field.Message,
    };

    /// <summary>
    /// Messages for one form input. A field matches by name or under a plain prefix, so
    /// <c>template</c> also picks up <c>firstVersion.template</c> and <c>model</c> picks up
    /// <c>model.model</c>; an indexed path such as <c>variables[0].name</c> is not <c>name</c>.
    /// </summary>
    public IReadOnlyList<string> For(string field) =>
        Fields.Where(f => Matches(f.Field, field)).Select(f => f.Text).ToArray();

    /// <summary>Field messages that none of <paramref name="placedFields"/> shows inline.</summary>
    public IReadOnlyList<FieldMessage> NotPlaced(params string[] placedFields) =>
        Fields.Where(f => !placedFields.Any(p => Matches(f.Field, p))).ToArray();

    private static bool Matches(string actual, string wanted)
    {
        if (string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase))
            return true;
        if (!actual.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase))
            return false;
        var prefix = actual[..^(wanted.Length + 1)];
        return !prefix.Contains('[', StringComparison.Ordinal);
    }
}
