namespace PromptConsole.Domain.Common;

/// <summary>What kind of rejection an <see cref="Error"/> is; the web layer maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    TooLarge,
    OutputRejected,
    ProviderFailed,
    Unavailable,
    Unauthenticated,
    Forbidden,
}

/// <summary>One offending field. Line and column point into a template when the field is one.</summary>
public sealed record FieldError(string Field, string Message, int? Line = null, int? Column = null);

/// <summary>An expected rejection: a value, not an exception. <paramref name="Code"/> is stable and becomes the problem type.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Message, IReadOnlyList<FieldError>? Fields = null)
{
    public IReadOnlyList<FieldError> FieldErrors => Fields ?? [];

    public static Error Validation(string code, string message, IReadOnlyList<FieldError>? fields = null) =>
        new(ErrorKind.Validation, code, message, fields);

    public static Error NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}

public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null ? _value! : throw new InvalidOperationException($"Result is a failure: {Error.Code}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(Value) : Error!;
}
