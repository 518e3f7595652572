using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptConsole.Web.Services.Reports;

/// <summary>The stored form of a kept report: the same JSON the API serves.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DailyReport))]
public sealed partial class DailyReportJson : JsonSerializerContext;
