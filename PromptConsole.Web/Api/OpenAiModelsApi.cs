using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Embeddings;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>GET /v1/models</c> in OpenAI's shape: the catalog's chat models, the embedding model, and every managed
/// prompt as <c>prompt:{key}</c> (the name <c>/v1/chat/completions</c> runs it by), so OpenAI clients can offer them.
/// </summary>
public static class OpenAiModelsApi
{
    public const string OwnedByGateway = "promptconsole";

    /// <summary>Configured models have no creation date of their own: they exist since the host started.</summary>
    private static readonly long HostStarted = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeSeconds();

    public static IEndpointRouteBuilder MapOpenAiModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListAsync)
            .WithTags("OpenAI-compatible")
            .Produces<ModelList>()
            .RequireScope(ApiKeyScopes.Execute)
            .WithName("Models");
        return app;
    }

    private static async Task<IResult> ListAsync(
        IModelCatalog catalog, IPromptRegistry prompts, IOptions<EmbeddingsOptions> embeddings, CancellationToken cancellationToken)
    {
        var entries = new List<ModelEntry>();
        foreach (var model in catalog.Models)
            entries.Add(new ModelEntry(model.Model, "model", HostStarted, model.Provider));

        var embedding = embeddings.Value;
        var embeddingOwner = EmbeddingProviders.IsOpenAi(embedding.Provider) ? EmbeddingProviders.OpenAi : OwnedByGateway;
        entries.Add(new ModelEntry(embedding.ModelId, "model", HostStarted, embeddingOwner));

        // A prompt's entry dates from its last change: the summary carries no creation time.
        foreach (var prompt in (await prompts.ListAsync(search: null, cancellationToken)).OrderBy(p => p.Key, StringComparer.Ordinal))
            entries.Add(new ModelEntry(PromptModelName.Prefix + prompt.Key, "model", prompt.UpdatedAt.ToUnixTimeSeconds(), OwnedByGateway));

        return TypedResults.Json(new ModelList("list", entries), OpenAiModelsJsonContext.Default.ModelList);
    }
}
