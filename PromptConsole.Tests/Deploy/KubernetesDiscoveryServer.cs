using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PromptConsole.Tests.Deploy;

/// <summary>
/// Answers only Kubernetes API discovery (<c>/api</c>, <c>/apis</c>, one resource list per group version) on
/// 127.0.0.1, with the group versions a current cluster (1.26 and later) serves for the kinds deploy/kubernetes
/// uses. <c>kubectl create --dry-run=client</c> still maps every kind to a resource through discovery, so without a
/// server it stops at "connection refused"; with this one it runs offline, and a kind under a removed version
/// (policy/v1beta1, autoscaling/v2beta2, networking.k8s.io/v1beta1, ...) is refused as on a real cluster. Nothing is
/// ever created: the server has no endpoint that accepts an object.
/// </summary>
public sealed class KubernetesDiscoveryServer : IAsyncDisposable
{
    /// <summary>Group version → (resource, kind, namespaced).</summary>
    private static readonly Dictionary<string, (string Resource, string Kind, bool Namespaced)[]> Served = new()
    {
        ["v1"] = [("configmaps", "ConfigMap", true), ("secrets", "Secret", true), ("services", "Service", true), ("namespaces", "Namespace", false)],
        ["apps/v1"] = [("deployments", "Deployment", true)],
        ["networking.k8s.io/v1"] = [("ingresses", "Ingress", true)],
        ["policy/v1"] = [("poddisruptionbudgets", "PodDisruptionBudget", true)],
        ["autoscaling/v2"] = [("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)],
        ["autoscaling/v1"] = [("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)],
    };

    private readonly WebApplication _app;

    private KubernetesDiscoveryServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<KubernetesDiscoveryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(Answer);
        await app.StartAsync();
        return new KubernetesDiscoveryServer(app) { BaseUrl = app.Urls.Single().TrimEnd('/') };
    }

    /// <summary>A kubeconfig whose only cluster is this server.</summary>
    public string Kubeconfig() => $$"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: discovery-only
            cluster:
              server: {{BaseUrl}}
        users:
          - name: nobody
            user: {}
        contexts:
          - name: discovery-only
            context:
              cluster: discovery-only
              user: nobody
              namespace: default
        current-context: discovery-only
        """;

    private static Task Answer(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        JsonNode? body = path switch
        {
            "/version" => new JsonObject { ["major"] = "1", ["minor"] = "31", ["gitVersion"] = "v1.31.0" },
            "/api" => new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") },
            "/apis" => Groups(),
            "/api/v1" => Resources("v1"),
            _ when path.StartsWith("/apis/", StringComparison.Ordinal) && Served.ContainsKey(path["/apis/".Length..]) => Resources(path["/apis/".Length..]),
            _ => null,
        };
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var group in Served.Keys.Where(k => k.Contains('/')).GroupBy(k => k.Split('/')[0]))
        {
            var versions = group.Select(gv => (JsonNode)new JsonObject { ["groupVersion"] = gv, ["version"] = gv.Split('/')[1] }).ToArray();
            groups.Add(new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = versions[0].DeepClone(),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private static JsonObject Resources(string groupVersion) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(Served[groupVersion].Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Resource,
            ["singularName"] = r.Kind.ToLowerInvariant(),
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
        }).ToArray()),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
