using Microsoft.Net.Http.Headers;
using Prometheus;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// GET <c>/metrics</c>: prometheus-net serialises the registry into one reused in-memory buffer,
/// then the body goes out in a single write with its length. prometheus-net's own middleware
/// serialises straight into the response, which with thousands of series means a hundred-odd small
/// socket writes and thread-pool hops per scrape; with the body in memory first a scrape of 1,000
/// execution series costs a fraction of the CPU. Scrapes take turns on the buffer (Prometheus
/// scrapes an instance every few seconds at most; a second scraper waits a few milliseconds).
/// </summary>
public sealed class MetricsExpositionEndpoint(CollectorRegistry registry)
{
    private const string OpenMetricsMediaType = "application/openmetrics-text";
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly MemoryStream _buffer = new();

    public async Task WriteAsync(HttpContext context)
    {
        var format = WantsOpenMetrics(context.Request) ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText;
        var response = context.Response;
        var cancellation = context.RequestAborted;
        await _turn.WaitAsync(cancellation);
        try
        {
            _buffer.SetLength(0);
            try
            {
                await registry.CollectAndExportAsTextAsync(_buffer, format, cancellation);
            }
            catch (ScrapeFailedException failed)
            {
                // A before-collect callback said the figures cannot be trusted: say so rather than serve half of them.
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await response.WriteAsync(failed.Message, cancellation);
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = format == ExpositionFormat.OpenMetricsText ? OpenMetricsContentType : TextContentType;
            response.ContentLength = _buffer.Length;
            await response.Body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellation);
        }
        finally
        {
            _turn.Release();
        }
    }

    private static bool WantsOpenMetrics(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(type => type.MediaType.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase));
}
