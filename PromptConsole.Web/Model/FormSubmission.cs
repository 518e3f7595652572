using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Model;

/// <summary>
/// A dialog's save: busy while the service runs, and the service's error when it refused (its field errors are shown
/// under the inputs they name). Nothing is checked here: the service validates, as it does for the API.
/// </summary>
public sealed class FormSubmission
{
    public ErrorView? Error { get; private set; }

    public bool Busy { get; private set; }

    public void Clear() => Error = null;

    /// <summary>The saved value, or null with <see cref="Error"/> saying why not.</summary>
    public async Task<T?> RunAsync<T>(Func<Task<Result<T>>> save)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(save);
        Busy = true;
        Error = null;
        try
        {
            var result = await save();
            if (result.IsSuccess)
                return result.Value;
            Error = ErrorView.From(result.Error!);
            return null;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>A save the signed-in role may not make: nothing is sent, the dialog shows why.</summary>
    public T? Refuse<T>(ErrorView forbidden)
        where T : class
    {
        Error = forbidden;
        return null;
    }

    /// <summary>A field left empty is absent (null), not an empty string the service would refuse.</summary>
    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
