using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Api;
using PromptConsole.Web.Background;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Reports;

namespace PromptConsole.Web.Hosting;

public static class ReportExtensions
{
    /// <summary>Calibration, the daily report with its controller. Needs the SLO evaluator and the notification channels.</summary>
    public static IServiceCollection AddPromptConsoleReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<CalibrationService>();
        services.AddSingleton<ICalibrationService>(sp => sp.GetRequiredService<CalibrationService>());
        services.AddSingleton<DailyReportSources>();
        services.AddSingleton<IDailyReports, DailyReportService>();
        services.AddHostedService<DailyReportController>();
        return services;
    }
}
