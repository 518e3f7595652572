using System.Globalization;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Web.Api;

/// <summary>An execution shed because the recorder is at its bound tells the client when to come back.</summary>
public static class RecorderRetryAfter
{
    public static void AddTo(HttpContext http, Error error)
    {
        if (error.Code != RecorderOverload.Code)
            return;
        var seconds = http.RequestServices.GetRequiredService<IOptions<RecordingOptions>>().Value.RetryAfterSeconds;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }
}
