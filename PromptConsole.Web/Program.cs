using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Access;

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
builder.Services.AddPromptConsoleAccess(builder.Configuration);
builder.Services.AddPromptConsoleLimits(builder.Configuration);
builder.Services.AddPromptConsoleBatches(builder.Configuration);

var app = builder.Build();

await app.InitializePromptConsoleDatabaseAsync();
if (CreateAdminCommand.IsRequested(args))
    return await CreateAdminCommand.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
await app.InitializePromptConsoleAccessAsync();

app.UsePromptConsoleHttpMetrics();
app.UsePromptConsolePipeline();
app.UsePromptConsoleAccess();
app.MapPromptConsoleApi();
app.MapPromptConsoleUi();
app.MapPromptConsolePrometheusMetrics();

await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
