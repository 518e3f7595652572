using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Api;

/// <summary>The kept daily reports, newest first.</summary>
public sealed record DailyReportListView(IReadOnlyList<DailyReportSummary> Reports);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DailyReport))]
[JsonSerializable(typeof(DailyReportListView))]
[JsonSerializable(typeof(PromptCalibration))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class ReportsJsonContext : JsonSerializerContext;
