using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptConsole.Tests.Deploy;

/// <summary>
/// deploy/kubernetes as kubectl reads it, offline: <c>kubectl kustomize</c> (needs no server) and
/// <c>kubectl create -k … --dry-run=client</c> against <see cref="KubernetesDiscoveryServer"/>.
/// </summary>
public sealed class KubernetesManifests : IAsyncLifetime
{
    public ToolResult Kustomize { get; private set; } = default!;

    public ToolResult DryRun { get; private set; } = default!;

    /// <summary>The objects kubectl's client dry-run printed.</summary>
    public IReadOnlyList<JsonObject> Objects { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var kubectl = DeployTools.Require(DeployTools.Kubectl, "kubernetes-client");
        Kustomize = await DeployTools.RunAsync(kubectl, ["kustomize", DeployTools.DeployPath("kubernetes")]);

        DryRun = await DryRunAsync(DeployTools.DeployPath("kubernetes"));
        if (DryRun.ExitCode == 0)
            Objects = PrintedObjects(DryRun.Output);
    }

    /// <summary><c>kubectl create --dry-run=client -k DIRECTORY -o json</c> with <see cref="KubernetesDiscoveryServer"/> as its cluster.</summary>
    public static async Task<ToolResult> DryRunAsync(string directory)
    {
        var kubectl = DeployTools.Require(DeployTools.Kubectl, "kubernetes-client");
        await using var discovery = await KubernetesDiscoveryServer.StartAsync();
        var kubeconfig = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(kubeconfig, discovery.Kubeconfig());
            // Validation would download the cluster's OpenAPI schema, which this offline server does not have.
            return await DeployTools.RunAsync(
                kubectl,
                ["--kubeconfig", kubeconfig, "create", "--dry-run=client", "--validate=false", "-k", directory, "-o", "json"],
                environment: new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["HOME"] = Path.GetTempPath() });
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>kubectl prints one JSON object per manifest object, one after another (older versions: one List).</summary>
    private static JsonObject[] PrintedObjects(string output)
    {
        var objects = new List<JsonObject>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var printed = JsonNode.Parse(ref reader)!.AsObject();
            if ((string?)printed["kind"] == "List")
                objects.AddRange(printed["items"]!.AsArray().Select(i => i!.AsObject()));
            else
                objects.Add(printed);
        }

        return [.. objects];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public JsonObject Single(string kind) => Objects.Single(o => (string?)o["kind"] == kind);
}

public sealed class KubernetesTests(KubernetesManifests manifests) : IClassFixture<KubernetesManifests>
{
    private static readonly string[] SecretVariables =
        ["PromptConsole__Database__ConnectionString", "PromptConsole__Redis__Configuration", "PromptConsole__Auth__MasterKey"];

    [Fact]
    public void Kubectl_kustomize_renders_the_kustomization()
    {
        manifests.Kustomize.AssertSucceeded();
        Assert.Contains("image: registry.example.com/promptconsole:1.0.0", manifests.Kustomize.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubectl_client_dry_run_maps_every_kind_to_an_api_version_a_current_cluster_serves()
    {
        manifests.DryRun.AssertSucceeded();
        Assert.Equal(
            ["apps/v1 Deployment", "autoscaling/v2 HorizontalPodAutoscaler", "networking.k8s.io/v1 Ingress", "policy/v1 PodDisruptionBudget",
                "v1 ConfigMap", "v1 Secret", "v1 Service"],
            manifests.Objects.Select(o => $"{(string?)o["apiVersion"]} {(string?)o["kind"]}").Order(StringComparer.Ordinal));
        Assert.All(manifests.Objects, o => Assert.Equal("promptconsole", (string?)o["metadata"]!["name"]));
    }

    [Fact]
    public async Task Kubectl_client_dry_run_refuses_a_kind_under_a_removed_api_version()
    {
        // The check above is only worth something if a wrong version fails it: policy/v1beta1 left Kubernetes in 1.25.
        var copy = Directory.CreateTempSubdirectory("promptconsole-kubernetes-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(DeployTools.DeployPath("kubernetes")))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var budget = Path.Combine(copy, "poddisruptionbudget.yaml");
            await File.WriteAllTextAsync(budget, (await File.ReadAllTextAsync(budget)).Replace("apiVersion: policy/v1", "apiVersion: policy/v1beta1", StringComparison.Ordinal));

            var result = await KubernetesManifests.DryRunAsync(copy);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("PodDisruptionBudget", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Deployment_runs_two_instances_with_readiness_on_readyz_and_liveness_on_healthz()
    {
        var deployment = manifests.Single("Deployment");
        var container = Container(deployment);

        Assert.Equal(2, (int)deployment["spec"]!["replicas"]!);
        Assert.Equal(0, (int)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz", (string?)container["startupProbe"]!["httpGet"]!["path"]);
        Assert.All(
            new[] { "readinessProbe", "livenessProbe", "startupProbe" },
            probe => Assert.Equal("http", (string?)container[probe]!["httpGet"]!["port"]));
        Assert.Equal(8080, (int)container["ports"]!.AsArray().Single()!["containerPort"]!);
        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        Assert.Equal("registry.example.com/promptconsole:1.0.0", (string?)container["image"]);
    }

    [Fact]
    public void Connection_strings_and_the_master_key_come_from_the_Secret_and_the_Secret_holds_placeholders()
    {
        var container = Container(manifests.Single("Deployment"));
        var secret = manifests.Single("Secret");
        var keys = secret["stringData"]!.AsObject();
        var environment = container["env"]!.AsArray().Select(e => e!.AsObject()).ToArray();

        foreach (var variable in SecretVariables)
        {
            var entry = environment.Single(e => (string?)e["name"] == variable);
            Assert.Null(entry["value"]);
            var reference = entry["valueFrom"]!["secretKeyRef"]!;
            Assert.Equal("promptconsole", (string?)reference["name"]);
            Assert.True(keys.ContainsKey((string)reference["key"]!), $"{variable} reads key {reference["key"]}, which the Secret lacks.");
        }

        Assert.All(keys, key => Assert.Contains("CHANGE-ME", (string?)key.Value, StringComparison.Ordinal));
        Assert.All(environment, e => Assert.Null(e["value"]));

        // Nothing secret in the ConfigMap the Deployment also reads.
        var config = manifests.Single("ConfigMap")["data"]!.AsObject();
        Assert.DoesNotContain(config, c => SecretVariables.Contains(c.Key) || c.Key.Contains("Password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("promptconsole", (string?)container["envFrom"]!.AsArray().Single()!["configMapRef"]!["name"]);
    }

    [Fact]
    public void Every_environment_variable_is_a_setting_the_app_reads()
    {
        var names = Container(manifests.Single("Deployment"))["env"]!.AsArray().Select(e => (string)e!["name"]!)
            .Concat(manifests.Single("ConfigMap")["data"]!.AsObject().Select(c => c.Key));

        var problems = names.Select(ConfigurationKeys.Problem).OfType<string>().ToArray();

        Assert.True(problems.Length == 0, string.Join('\n', problems));
        Assert.Equal("Postgres", (string?)manifests.Single("ConfigMap")["data"]!["PromptConsole__Database__Provider"]);
    }

    [Fact]
    public void Ingress_keeps_a_browser_on_one_pod_with_a_cookie()
    {
        var ingress = manifests.Single("Ingress");
        var annotations = ingress["metadata"]!["annotations"]!.AsObject();

        Assert.Equal("cookie", (string?)annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("persistent", (string?)annotations["nginx.ingress.kubernetes.io/affinity-mode"]);
        Assert.Equal("pc_route", (string?)annotations["nginx.ingress.kubernetes.io/session-cookie-name"]);
        Assert.True(int.Parse((string)annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]!) >= 3600);
        Assert.Equal("nginx", (string?)ingress["spec"]!["ingressClassName"]);
        var backend = ingress["spec"]!["rules"]!.AsArray().Single()!["http"]!["paths"]!.AsArray().Single()!["backend"]!["service"]!;
        Assert.Equal("promptconsole", (string?)backend["name"]);
        Assert.Equal("http", (string?)backend["port"]!["name"]);
    }

    [Fact]
    public void Service_budget_and_autoscaler_select_the_Deployment_pods()
    {
        var labels = manifests.Single("Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        bool Selects(JsonNode? selector) =>
            selector is JsonObject pairs && pairs.Count > 0 && pairs.All(p => (string?)labels[p.Key] == (string?)p.Value);

        var service = manifests.Single("Service");
        Assert.True(Selects(service["spec"]!["selector"]));
        Assert.Equal("http", (string?)service["spec"]!["ports"]!.AsArray().Single()!["targetPort"]);

        var budget = manifests.Single("PodDisruptionBudget");
        Assert.True(Selects(budget["spec"]!["selector"]!["matchLabels"]));
        Assert.Equal(1, (int)budget["spec"]!["minAvailable"]!);

        var autoscaler = manifests.Single("HorizontalPodAutoscaler")["spec"]!;
        Assert.Equal("Deployment", (string?)autoscaler["scaleTargetRef"]!["kind"]);
        Assert.Equal("promptconsole", (string?)autoscaler["scaleTargetRef"]!["name"]);
        Assert.Equal(2, (int)autoscaler["minReplicas"]!);
        Assert.True((int)autoscaler["maxReplicas"]! > 2);
    }

    [Fact]
    public void Pods_scaled_on_cpu_use_have_the_thread_pools_idle_spinning_off()
    {
        // The autoscaler's CPU figure would otherwise count idle workers' spinning as load (bench/README.md, part 1).
        var autoscaler = manifests.Single("HorizontalPodAutoscaler")["spec"]!;
        Assert.Contains(autoscaler["metrics"]!.AsArray(), m => (string?)m!["resource"]?["name"] == "cpu");

        var config = manifests.Single("ConfigMap")["data"]!;
        Assert.Equal("0", (string?)config["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"]);
    }

    private static JsonObject Container(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!.AsObject();
}
