using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Web.Api;

/// <summary>A checked <c>/v1/embeddings</c> request: the inputs in order and how to write the vectors.</summary>
public sealed record EmbeddingCommand(string Model, IReadOnlyList<string> Inputs, bool AsBase64);

/// <summary>The limits and identity of the host's embedding model, as a request is checked against them.</summary>
public sealed record EmbeddingModelLimits(string ModelId, int? Dimensions, int MaxInputs, int MaxInputCharacters);

/// <summary>
/// <c>POST /v1/embeddings</c> in OpenAI's shape, served by the host's embedding generator (all-MiniLM-L6-v2 in
/// process by default). Errors are problem details that also carry OpenAI's <c>error</c> object.
/// </summary>
public static class OpenAiEmbeddingsApi
{
    public static IEndpointRouteBuilder MapOpenAiEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", EmbedAsync)
            .WithTags("OpenAI-compatible")
            .Accepts<EmbeddingRequest>("application/json")
            .Produces<EmbeddingResponse>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429)
            // The same limit as executions: one embedding costs milliseconds of a core.
            .RequireRateLimiting(ExecutionApi.RateLimitPolicy)
            .RequireScope(ApiKeyScopes.Execute)
            .AddEndpointFilter(UsageLimitFilter.OpenAi)
            .WithName("Embeddings");
        return app;
    }

    private static async Task<IResult> EmbedAsync(
        HttpContext http, IEmbeddingGenerator<string, Embedding<float>> generator, IOptions<EmbeddingsOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, OpenAiEmbeddingsJsonContext.Default.EmbeddingRequest, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!.ToOpenAiProblem(http);

        var command = ToCommand(body.Value, LimitsOf(generator, options.Value));
        if (!command.IsSuccess)
            return command.Error!.ToOpenAiProblem(http);

        var embeddings = await generator.GenerateAsync(command.Value.Inputs, cancellationToken: cancellationToken);
        var data = new EmbeddingDatum[embeddings.Count];
        for (var i = 0; i < data.Length; i++)
            data[i] = new EmbeddingDatum("embedding", i, new EmbeddingValue(embeddings[i].Vector, command.Value.AsBase64));
        var tokens = (int)(embeddings.Usage?.InputTokenCount ?? 0);
        var response = new EmbeddingResponse("list", data, command.Value.Model, new EmbeddingUsage(tokens, tokens));
        return TypedResults.Json(response, OpenAiEmbeddingsJsonContext.Default.EmbeddingResponse);
    }

    public static EmbeddingModelLimits LimitsOf(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return new EmbeddingModelLimits(options.ModelId, metadata?.DefaultModelDimensions, options.MaxInputs, options.MaxInputCharacters);
    }

    /// <summary>
    /// Every offending field is named (<c>input</c>, <c>input[3]</c>, <c>encoding_format</c> …); a well-formed
    /// request for another model is a 404 (<c>model-not-found</c>), as OpenAI answers.
    /// </summary>
    public static Result<EmbeddingCommand> ToCommand(EmbeddingRequest request, EmbeddingModelLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Model))
            errors.Add(new FieldError("model", $"The model is missing; this gateway embeds with '{limits.ModelId}'."));

        var inputs = new List<string>();
        switch (request.Input.ValueKind)
        {
            case JsonValueKind.String:
                AddInput(request.Input.GetString()!, "input", inputs, errors, limits);
                break;
            case JsonValueKind.Array:
                var count = request.Input.GetArrayLength();
                if (count == 0)
                    errors.Add(new FieldError("input", "At least one input is required."));
                else if (count > limits.MaxInputs)
                    errors.Add(new FieldError("input", $"At most {limits.MaxInputs} inputs per request; got {count}."));
                else
                {
                    var index = 0;
                    foreach (var item in request.Input.EnumerateArray())
                    {
                        var field = $"input[{index++}]";
                        if (item.ValueKind == JsonValueKind.String)
                            AddInput(item.GetString()!, field, inputs, errors, limits);
                        else
                            errors.Add(new FieldError(field, $"Must be a string, not {KindName(item.ValueKind)} (token arrays are not accepted)."));
                    }
                }

                break;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                errors.Add(new FieldError("input", "The input is missing: a string or an array of strings."));
                break;
            default:
                errors.Add(new FieldError("input", $"Must be a string or an array of strings, not {KindName(request.Input.ValueKind)}."));
                break;
        }

        var asBase64 = false;
        switch (request.EncodingFormat)
        {
            case null or "float":
                break;
            case "base64":
                asBase64 = true;
                break;
            default:
                errors.Add(new FieldError("encoding_format", $"'{request.EncodingFormat}' is not an encoding format (float or base64)."));
                break;
        }

        if (request.Dimensions is { } dimensions && (limits.Dimensions is { } native ? dimensions != native : dimensions < 1))
            errors.Add(new FieldError("dimensions", $"{limits.ModelId} returns {limits.Dimensions} dimensions; leave dimensions out or send {limits.Dimensions}."));

        if (errors.Count > 0)
            return Error.Validation("invalid-embedding-request", "The embedding request is not valid.", errors);
        if (!string.Equals(request.Model, limits.ModelId, StringComparison.OrdinalIgnoreCase))
            return Error.NotFound("model-not-found", $"The model '{request.Model}' does not exist here; embeddings are served by '{limits.ModelId}'.");
        return new EmbeddingCommand(limits.ModelId, inputs, asBase64);
    }

    private static void AddInput(string text, string field, List<string> inputs, List<FieldError> errors, EmbeddingModelLimits limits)
    {
        if (text.Length == 0)
            errors.Add(new FieldError(field, "Is empty."));
        else if (text.Length > limits.MaxInputCharacters)
            errors.Add(new FieldError(field, $"Is {text.Length} characters long; at most {limits.MaxInputCharacters}."));
        else
            inputs.Add(text);
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
