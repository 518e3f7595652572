using PromptConsole.Domain.Audit;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Model;

/// <summary>The prompt's audit trail, newest first.</summary>
public sealed class AuditViewModel(IPromptRegistry registry)
{
    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public async Task LoadAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        var events = await registry.GetAuditAsync(new AuditQuery(promptKey), cancellationToken);
        Events = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToArray();
    }
}
