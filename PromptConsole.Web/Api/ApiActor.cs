namespace PromptConsole.Web.Api;

/// <summary>
/// Who a management call is attributed to in the audit trail. Until authentication lands the
/// caller names itself with <c>X-Actor</c> (CI jobs, scripts); otherwise it is "api".
/// </summary>
public static class ApiActor
{
    public const string Header = "X-Actor";
    public const string Default = "api";

    public static string Of(HttpContext context)
    {
        var value = context.Request.Headers[Header].ToString().Trim();
        return value.Length is > 0 and <= 100 ? value : Default;
    }
}
