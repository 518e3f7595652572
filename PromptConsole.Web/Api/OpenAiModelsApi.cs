using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
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
/// prompt as <c>prompt:{key}</c> (the name <c>/v1/chat/completions</c> runs it by), so OpenAI clients can offer them;
/// <c>GET /v1/models/{model}</c> answers one of them (what <c>client.models.retrieve</c> calls), or a 404 problem
/// <c>model-not-found</c> carrying OpenAI's <c>error</c> object.
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
        // A catch-all segment: catalog names may contain '/' (as in "org/model"), and prompt names contain ':'.
        app.MapGet("/v1/models/{**model}", RetrieveAsync)
            .WithTags("OpenAI-compatible")
            .Produces<ModelEntry>()
            .ProducesProblem(404)
            .RequireScope(ApiKeyScopes.Execute)
            .WithName("Model");
        return app;
    }

    private static async Task<IResult> ListAsync(
        IModelCatalog catalog, IPromptRegistry prompts, IOptions<EmbeddingsOptions> embeddings, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(catalog, prompts, embeddings.Value, cancellationToken);
        return TypedResults.Json(new ModelList("list", entries), OpenAiModelsJsonContext.Default.ModelList);
    }

    private static async Task<IResult> RetrieveAsync(
        string model, HttpContext http, IModelCatalog catalog, IPromptRegistry prompts, IOptions<EmbeddingsOptions> embeddings,
        CancellationToken cancellationToken)
    {
        var entry = await FindAsync(model, catalog, prompts, embeddings.Value, cancellationToken);
        return entry is null
            ? Error.NotFound("model-not-found", $"The model '{model}' does not exist here; GET /v1/models lists the models this gateway serves.").ToOpenAiProblem(http)
            : TypedResults.Json(entry, OpenAiModelsJsonContext.Default.ModelEntry);
    }

    private static async Task<List<ModelEntry>> EntriesAsync(
        IModelCatalog catalog, IPromptRegistry prompts, EmbeddingsOptions embedding, CancellationToken cancellationToken)
    {
        var entries = catalog.Models.Select(CatalogEntry).ToList();
        entries.Add(EmbeddingEntry(embedding));
        foreach (var prompt in (await prompts.ListAsync(search: null, cancellationToken)).OrderBy(p => p.Key, StringComparer.Ordinal))
            entries.Add(PromptEntry(prompt.Key, prompt.UpdatedAt));
        return entries;
    }

    /// <summary>
    /// One name, looked up where it lives rather than in the whole list, which reads every prompt. Names match as the
    /// catalog and the embeddings endpoint match them, ignoring case (prompt keys are lower case), in the list's order.
    /// </summary>
    private static async Task<ModelEntry?> FindAsync(
        string model, IModelCatalog catalog, IPromptRegistry prompts, EmbeddingsOptions embedding, CancellationToken cancellationToken)
    {
        if (catalog.Find(model) is { } catalogModel)
            return CatalogEntry(catalogModel);
        if (string.Equals(model, embedding.ModelId, StringComparison.OrdinalIgnoreCase))
            return EmbeddingEntry(embedding);
        if (!model.StartsWith(PromptModelName.Prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var prompt = await prompts.GetAsync(model[PromptModelName.Prefix.Length..].ToLowerInvariant(), cancellationToken);
        return prompt.IsSuccess ? PromptEntry(prompt.Value.Key, prompt.Value.UpdatedAt) : null;
    }

    private static ModelEntry CatalogEntry(ModelPrice model) => new(model.Model, "model", HostStarted, model.Provider);

    private static ModelEntry EmbeddingEntry(EmbeddingsOptions embedding) => new(
        embedding.ModelId, "model", HostStarted, EmbeddingProviders.IsOpenAi(embedding.Provider) ? EmbeddingProviders.OpenAi : OwnedByGateway);

    /// <summary>A prompt's entry dates from its last change: the summary carries no creation time.</summary>
    private static ModelEntry PromptEntry(string key, DateTimeOffset updatedAt) =>
        new(PromptModelName.Prefix + key, "model", updatedAt.ToUnixTimeSeconds(), OwnedByGateway);
}
