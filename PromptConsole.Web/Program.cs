using PromptConsole.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPromptConsoleHosting();
builder.Services.AddPromptConsolePersistence(builder.Configuration);
builder.Services.AddPromptConsoleProviders(builder.Configuration);
builder.Services.AddPromptConsoleEmbeddings(builder.Configuration);
builder.Services.AddPromptConsoleExecution(builder.Configuration);
builder.Services.AddPromptConsoleCache(builder.Configuration);
builder.Services.AddPromptConsoleExperiments(builder.Configuration);
builder.Services.AddPromptConsoleRollbacks(builder.Configuration);
builder.Services.AddPromptConsoleCanaries(builder.Configuration);
builder.Services.AddPromptConsoleAlerts(builder.Configuration);
builder.Services.AddPromptConsoleGoldenSets();
builder.Services.AddPromptConsoleNotifications(builder.Configuration);
builder.Services.AddPromptConsoleApi();
builder.Services.AddPromptConsoleFlags(builder.Configuration);
builder.Services.AddPromptConsoleUi();
builder.Services.AddPromptConsoleOpenTelemetry(builder.Configuration);
builder.Services.AddPromptConsolePrometheusMetrics(builder.Configuration);
builder.Services.AddPromptConsoleMetricsStore(builder.Configuration);
builder.Services.AddPromptConsoleDemoTraffic(builder.Configuration);
builder.Services.AddPromptConsoleSlos();
builder.Services.AddPromptConsoleReports(builder.Configuration);
builder.Services.AddPromptConsoleFleet(builder.Configuration);

var app = builder.Build();

await app.InitializePromptConsoleDatabaseAsync();
app.UsePromptConsoleHttpMetrics();
app.UsePromptConsolePipeline();
app.MapPromptConsoleApi();
app.MapPromptConsoleReports();
app.MapPromptConsoleUi();
app.MapPromptConsolePrometheusMetrics();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
