using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PromptConsole.Tests.Deploy;

/// <summary><c>docker-compose config</c> over deploy/compose.yaml with the example secrets: the file as compose reads it.</summary>
public sealed class ComposeConfig : IAsyncLifetime
{
    public ToolResult Result { get; private set; } = default!;

    public JsonObject Services { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Result = await ComposeTests.ConfigAsync(DeployTools.DeployPath(".env.example"));
        Result.AssertSucceeded();
        var normalized = (await DeployTools.YamlDocumentsAsync(Result.Output)).Single()!;
        Services = normalized["services"]!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed partial class ComposeTests(ComposeConfig compose) : IClassFixture<ComposeConfig>
{
    private static readonly string[] Instances = ["promptconsole-1", "promptconsole-2"];

    /// <summary>The variables compose.yaml must take from deploy/.env or the environment, never from the file itself.</summary>
    private static readonly string[] SecretVariables = ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "PROMPTCONSOLE_MASTER_KEY", "GRAFANA_ADMIN_PASSWORD"];

    /// <summary>
    /// Runs <c>docker-compose -f deploy/compose.yaml --env-file FILE config</c>. Compose's <c>config</c> resolves,
    /// validates against its schema and prints the file without a container engine; the secret variables are
    /// removed from the environment so only <paramref name="envFile"/> can supply them.
    /// </summary>
    public static Task<ToolResult> ConfigAsync(string envFile) =>
        DeployTools.RunAsync(
            DeployTools.Require(DeployTools.DockerCompose, "docker-compose"),
            ["-f", DeployTools.DeployPath("compose.yaml"), "--env-file", envFile, "config"],
            environment: SecretVariables.ToDictionary(v => v, _ => (string?)null));

    [Fact]
    public void Docker_compose_config_accepts_the_file()
    {
        Assert.Equal(0, compose.Result.ExitCode);
        Assert.Equal(
            ["grafana", "jaeger", "postgres", "prometheus", "promptconsole-1", "promptconsole-2", "proxy", "redis"],
            compose.Services.Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_the_secrets_compose_refuses_naming_the_missing_variable()
    {
        var empty = Path.GetTempFileName();
        ToolResult result;
        try
        {
            result = await ConfigAsync(empty);
        }
        finally
        {
            File.Delete(empty);
        }

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches("(POSTGRES_PASSWORD|REDIS_PASSWORD|PROMPTCONSOLE_MASTER_KEY|GRAFANA_ADMIN_PASSWORD)", result.Output + result.Error);
        Assert.Contains("deploy/.env", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_are_referenced_not_written_in_the_file()
    {
        var file = await File.ReadAllTextAsync(DeployTools.DeployPath("compose.yaml"));
        var example = await File.ReadAllLinesAsync(DeployTools.DeployPath(".env.example"));
        var values = example.Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l[(l.IndexOf('=') + 1)..]).ToArray();

        foreach (var variable in SecretVariables)
        {
            // Every use is a required reference: ${NAME:?message}, so a missing secret stops compose instead of becoming "".
            var uses = Regex.Matches(file, $@"\$\{{{variable}[^}}]*\}}").Select(m => m.Value).ToArray();
            Assert.NotEmpty(uses);
            Assert.All(uses, use => Assert.StartsWith($"${{{variable}:?", use, StringComparison.Ordinal));
        }

        Assert.Equal(SecretVariables.Order(), example.Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=')]).Order());
        Assert.All(values, value => Assert.StartsWith("CHANGE-ME", value, StringComparison.Ordinal));
        Assert.DoesNotContain("CHANGE-ME", file, StringComparison.Ordinal);
        Assert.Contains("deploy/.env", (await File.ReadAllLinesAsync(Path.Combine(DeployTools.Root, ".gitignore"))).Select(l => l.Trim()));
    }

    [Fact]
    public void Two_instances_share_PostgreSQL_Redis_and_Jaeger_with_the_master_key_from_the_env_file()
    {
        foreach (var name in Instances)
        {
            var instance = compose.Services[name]!;
            var environment = instance["environment"]!.AsObject();
            Assert.Equal("Dockerfile", (string?)instance["build"]!["dockerfile"]);
            Assert.Equal(DeployTools.Root, (string?)instance["build"]!["context"]);
            Assert.Equal("Postgres", (string?)environment["PromptConsole__Database__Provider"]);
            Assert.StartsWith("Host=postgres;", (string?)environment["PromptConsole__Database__ConnectionString"]);
            Assert.Contains("Password=CHANGE-ME-postgres-password", (string?)environment["PromptConsole__Database__ConnectionString"]);
            Assert.StartsWith("redis:6379,password=CHANGE-ME-redis-password", (string?)environment["PromptConsole__Redis__Configuration"]);
            Assert.Equal("CHANGE-ME-master-key-at-least-32-characters", (string?)environment["PromptConsole__Auth__MasterKey"]);
            Assert.Equal("http://jaeger:4318", (string?)environment["PromptConsole__Tracing__OtlpEndpoint"]);
            Assert.Equal(name, (string?)environment["PromptConsole__MetricsStore__InstanceId"]);
            Assert.Equal("service_healthy", (string?)instance["depends_on"]!["postgres"]!["condition"]);
            Assert.Equal("service_healthy", (string?)instance["depends_on"]!["redis"]!["condition"]);
        }

        // The second waits for the first to be ready, so the migrations run once.
        Assert.Equal("service_healthy", (string?)compose.Services["promptconsole-2"]!["depends_on"]!["promptconsole-1"]!["condition"]);
        Assert.Contains("COLLECTOR_OTLP_ENABLED", compose.Services["jaeger"]!["environment"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public void Instances_are_checked_on_readyz_and_the_proxy_on_healthz()
    {
        foreach (var name in Instances)
        {
            var test = string.Join(' ', compose.Services[name]!["healthcheck"]!["test"]!.AsArray().Select(t => (string?)t));
            Assert.Contains("GET /readyz HTTP/1.0", test, StringComparison.Ordinal);
            Assert.Contains("/dev/tcp/127.0.0.1/8080", test, StringComparison.Ordinal);
        }

        var proxy = compose.Services["proxy"]!;
        Assert.Contains("http://127.0.0.1/healthz", proxy["healthcheck"]!["test"]!.AsArray().Select(t => (string?)t));
        Assert.All(Instances, name => Assert.Equal("service_healthy", (string?)proxy["depends_on"]![name]!["condition"]));
    }

    [Fact]
    public void The_proxy_mounts_the_sticky_nginx_configuration_and_is_the_only_way_in()
    {
        var proxy = compose.Services["proxy"]!;
        Assert.Contains($"{DeployTools.DeployPath("nginx", "nginx.conf")}:/etc/nginx/nginx.conf:ro", Volumes(proxy));
        // docker-compose 1.29 prints a port bound to every interface in the long form.
        var port = Assert.Single(proxy["ports"]!.AsArray())!;
        Assert.Equal("8080:80", port is JsonObject ? $"{port["published"]}:{port["target"]}" : ((string?)port)?.Split('/')[0]);

        // The instances publish no port: every browser goes through the proxy and its stickiness.
        Assert.All(Instances, name => Assert.Null(compose.Services[name]!["ports"]));
    }

    [Fact]
    public void Prometheus_loads_the_shipped_rules_and_Grafana_the_shipped_dashboard()
    {
        var prometheus = Volumes(compose.Services["prometheus"]!);
        Assert.Contains($"{DeployTools.DeployPath("prometheus", "alerts.yml")}:/etc/prometheus/alerts.yml:ro", prometheus);
        Assert.Contains($"{DeployTools.DeployPath("prometheus", "compose.yml")}:/etc/prometheus/prometheus.yml:ro", prometheus);

        var grafana = Volumes(compose.Services["grafana"]!);
        Assert.Contains($"{DeployTools.DeployPath("grafana", "provisioning")}:/etc/grafana/provisioning:ro", grafana);
        Assert.Contains($"{DeployTools.DeployPath("grafana", "promptconsole.json")}:/var/lib/grafana/dashboards/promptconsole.json:ro", grafana);

        // Everything mounted from the repository exists.
        foreach (var source in compose.Services.SelectMany(s => Volumes(s.Value!)).Select(v => v.Split(':')[0]).Where(s => s.StartsWith('/')))
            Assert.True(File.Exists(source) || Directory.Exists(source), $"{source} is mounted but missing.");
    }

    [Fact]
    public async Task Grafana_provisioning_points_at_Prometheus_and_the_mounted_dashboard_folder()
    {
        var datasources = await DeployTools.YamlFileAsync("grafana", "provisioning", "datasources", "prometheus.yaml");
        var datasource = datasources["datasources"]!.AsArray().Single()!;
        Assert.Equal("prometheus", (string?)datasource["type"]);
        Assert.Equal("http://prometheus:9090", (string?)datasource["url"]);
        Assert.True((bool)datasource["isDefault"]!);

        var dashboards = await DeployTools.YamlFileAsync("grafana", "provisioning", "dashboards", "promptconsole.yaml");
        Assert.Equal("/var/lib/grafana/dashboards", (string?)dashboards["providers"]!.AsArray().Single()!["options"]!["path"]);

        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(DeployTools.DeployPath("grafana", "promptconsole.json")))!;
        Assert.Equal("promptconsole", (string?)dashboard["uid"]);
    }

    [Fact]
    public async Task Prometheus_configuration_passes_promtool_and_scrapes_both_instances()
    {
        var config = DeployTools.DeployPath("prometheus", "compose.yml");

        var (exitCode, output) = await Telemetry.PrometheusTools.PromtoolAsync(null, "check", "config", config);

        Assert.True(exitCode == 0, $"promtool check config exited {exitCode}:\n{output}");
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
        var job = (await DeployTools.YamlFileAsync("prometheus", "compose.yml"))["scrape_configs"]!.AsArray().Single()!;
        Assert.Equal("/metrics", (string?)job["metrics_path"]);
        Assert.Equal(
            Instances.Select(i => $"{i}:8080"),
            job["static_configs"]!.AsArray().Single()!["targets"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public void Every_environment_variable_of_an_instance_is_a_setting_the_app_reads()
    {
        var problems = Instances
            .SelectMany(name => compose.Services[name]!["environment"]!.AsObject().Select(e => e.Key))
            .Select(ConfigurationKeys.Problem)
            .OfType<string>()
            .ToArray();

        Assert.True(problems.Length == 0, string.Join('\n', problems));
    }

    private static IEnumerable<string> Volumes(JsonNode service) =>
        service["volumes"]?.AsArray().Select(v => (string)v!) ?? [];
}
