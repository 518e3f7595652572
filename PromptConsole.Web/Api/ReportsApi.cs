using System.Globalization;
using System.Text;
using System.Text.Json;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Api;

/// <summary>
/// The daily report: one UTC day (<c>date=YYYY-MM-DD</c>, a day that is over), optionally one prompt's section, as JSON
/// by default or Markdown (<c>format=markdown</c> or <c>Accept: text/markdown</c>, as a download); <c>format=json</c>
/// downloads the JSON. The list of kept reports, and regeneration (sent to the channels with <c>send=true</c>).
/// </summary>
public static class ReportsApi
{
    public const string MarkdownMediaType = "text/markdown";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports/daily").WithTags("Reports");
        api.MapGet("", GetAsync).Produces<DailyReport>().Produces<string>(200, MarkdownMediaType).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/list", ListAsync).Produces<DailyReportListView>().ProducesProblem(400);
        api.MapPost("", GenerateAsync).Produces<DailyReport>().ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> GetAsync(string? date, string? prompt, string? format, HttpContext http, IDailyReports reports, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = ParseDate(date, errors);
        var wanted = format?.Trim().ToLowerInvariant();
        if (wanted is not (null or "" or "json" or "markdown"))
            errors.Add(new FieldError("format", $"'{format}' is not a format; use json or markdown."));
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query is not valid.", errors).ToResult(http);

        var promptKey = string.IsNullOrWhiteSpace(prompt) ? null : prompt.Trim();
        var fileName = $"promptconsole-daily-{DailyReportMarkdown.Day(day)}{(promptKey is null ? string.Empty : "-" + promptKey)}";
        var markdown = wanted == "markdown" || (string.IsNullOrEmpty(wanted) && AcceptsMarkdown(http.Request));
        if (markdown)
        {
            var text = await reports.GetMarkdownAsync(day, promptKey, ct);
            return text.ToResult(t => TypedResults.File(Encoding.UTF8.GetBytes(t), MarkdownMediaType + "; charset=utf-8", fileName + ".md"), http);
        }

        var report = await reports.GetAsync(day, promptKey, ct);
        if (!report.IsSuccess)
            return report.Error!.ToResult(http);
        if (wanted == "json")
            return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(report.Value, ReportsJsonContext.Default.DailyReport), "application/json; charset=utf-8", fileName + ".json");
        return TypedResults.Json(report.Value, ReportsJsonContext.Default.DailyReport);
    }

    private static async Task<IResult> ListAsync(string? take, HttpContext http, IDailyReports reports, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var count = QueryValues.Take(take, 60, 1000, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query is not valid.", errors).ToResult(http);
        return TypedResults.Json(new DailyReportListView(await reports.ListAsync(count, ct)), ReportsJsonContext.Default.DailyReportListView);
    }

    private static async Task<IResult> GenerateAsync(string? date, string? send, HttpContext http, IDailyReports reports, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = ParseDate(date, errors);
        var sending = false;
        if (!string.IsNullOrEmpty(send) && !bool.TryParse(send, out sending))
            errors.Add(new FieldError("send", $"'{send}' is not true or false."));
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query is not valid.", errors).ToResult(http);

        var report = await reports.GenerateAsync(day, sending, ApiActor.Of(http), ct);
        return report.ToResult(r => TypedResults.Json(r, ReportsJsonContext.Default.DailyReport), http);
    }

    private static DateOnly ParseDate(string? date, List<FieldError> errors)
    {
        if (DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors.Add(new FieldError("date", string.IsNullOrWhiteSpace(date) ? "The date is missing; use YYYY-MM-DD." : $"'{date}' is not a date like 2026-01-15."));
        return default;
    }

    private static bool AcceptsMarkdown(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => string.Equals(a.MediaType.Value, MarkdownMediaType, StringComparison.OrdinalIgnoreCase));
}
