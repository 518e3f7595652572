using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Services.Calibration;

namespace PromptConsole.Web.Api;

/// <summary><c>GET /api/v1/prompts/{key}/calibration?window=30d</c>: the prompt's calibration per evaluator over the window.</summary>
public static class CalibrationApi
{
    public const string DefaultWindow = "30d";

    public static IEndpointRouteBuilder MapCalibrationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/prompts/{key}/calibration", GetAsync).WithTags("Calibration")
            .Produces<PromptCalibration>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> GetAsync(string key, string? window, HttpContext http, ICalibrationService calibration, CancellationToken ct)
    {
        var length = MetricsWindowSpec.Parse(string.IsNullOrWhiteSpace(window) ? DefaultWindow : window);
        if (!length.IsSuccess)
            return length.Error!.ToResult(http);
        var result = await calibration.GetAsync(key, length.Value, ct);
        return result.ToResult(c => TypedResults.Json(c, ReportsJsonContext.Default.PromptCalibration), http);
    }
}
