using PromptConsole.Domain.Routing;

namespace PromptConsole.Web.Services;

/// <summary>
/// A streamed answer that has started: its record's id, what answers (prompt and route, or <c>_chat</c> with no route),
/// the model, whether it is simulated, how the cache took part, and the pieces to come. A failure before the first piece
/// is an error instead (the caller can still send a status code).
/// </summary>
public sealed record ExecutionStream(
    Guid ExecutionId,
    string PromptKey,
    int PromptVersion,
    RouteDecision? Route,
    string Model,
    bool Simulated,
    int Attempts,
    string CacheStatus,
    IAsyncEnumerable<ExecutionStreamPiece> Pieces);

/// <summary>One piece of a streamed answer; the last one carries the whole result (the record has been written by then).</summary>
public sealed record ExecutionStreamPiece(string? Text, ExecutionResult? Completed);
