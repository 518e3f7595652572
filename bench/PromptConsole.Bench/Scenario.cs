using System.Net.Http.Headers;
using System.Text;

namespace PromptConsole.Bench;

/// <summary>Where the load goes and what each request carries.</summary>
/// <param name="AppCpuTime">CPU time used so far by the process under test, when it runs apart from the runner.</param>
internal sealed record Scenario(string Name, string Description, Uri Target, Func<int, HttpContent?> CreateContent, Func<TimeSpan>? AppCpuTime = null)
{
    private static readonly byte[] ChatRequestBody =
        """{"model":"stub-model","messages":[{"role":"user","content":"Answer: what is six times seven?"}]}"""u8.ToArray();

    /// <summary>(a) straight to the stub: the cost of the generator, loopback and Kestrel alone.</summary>
    public static Scenario Direct(StubModelServer stub) => new(
        "direct",
        "(a) load generator → stub model",
        stub.CompletionsUri,
        _ => Json(ChatRequestBody));

    /// <summary>
    /// (b) through PromptConsole's execution API to the same stub. Every request carries a different
    /// question so no cache can answer it: the figure is the full provider path.
    /// </summary>
    public static Scenario Gateway(GatewayProcess gateway, string name = "gateway", string description = "(b) load generator → PromptConsole execute API → stub model")
    {
        int sequence = 0;
        return new(
            name,
            description,
            gateway.ExecuteUri,
            _ =>
            {
                int number = Interlocked.Increment(ref sequence);
                return Json(Encoding.UTF8.GetBytes($$$"""{"variables":{"question":"what is {{{number}}} times seven?"}}"""));
            },
            () => gateway.CpuTime);
    }

    /// <summary>
    /// (c) <c>GET /healthz</c> of the same PromptConsole process at the same rate: the cost of one request through
    /// Kestrel and ASP.NET Core with nothing behind it, the floor under any execution's CPU and latency.
    /// </summary>
    public static Scenario Healthz(GatewayProcess gateway) => new(
        "healthz",
        "(c) load generator → PromptConsole GET /healthz",
        new Uri(gateway.BaseUri, "healthz"),
        _ => null,
        () => gateway.CpuTime);

    /// <summary>
    /// (d) the same request as (a) through the bare forwarder (Kestrel in, HttpClient out, bytes copied): the least any
    /// ASP.NET Core gateway adds on this machine, so (d) − (a) is the floor under (b) − (a) and (b) − (d) is PromptConsole's own.
    /// </summary>
    public static Scenario Floor(GatewayProcess forwarder) => new(
        "floor",
        "(d) load generator → bare forwarder → stub model",
        new Uri(forwarder.BaseUri, "v1/chat/completions"),
        _ => Json(ChatRequestBody),
        () => forwarder.CpuTime);

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
