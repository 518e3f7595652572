using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components;

public class PromptListViewModelTests
{
    [Fact]
    public async Task Searches_on_the_server_with_trimmed_text_and_lists_everything_when_blank()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        await registry.CreateAsync(new CreatePromptCommand("summarize", "Summarize", "Short summaries", ["text"], null), "alice");
        var list = new PromptListViewModel(registry);

        await list.SearchAsync("  summ ");
        Assert.Equal(["summarize"], list.Items.Select(p => p.Key));
        Assert.Equal("summ", list.ShownSearch);

        await list.SearchAsync("   ");
        Assert.Equal(["greeting", "summarize"], list.Items.Select(p => p.Key));
        Assert.Null(list.ShownSearch);

        Assert.Equal(["summ", null], registry.Searches);
    }

    [Fact]
    public async Task Describes_labels_with_their_versions()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await registry.DeployAsync("greeting", "staging", 2, null, null, "alice");
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        var list = new PromptListViewModel(registry);

        await list.LoadAsync();

        var greeting = Assert.Single(list.Items);
        Assert.Equal("production → v1, staging → v2", PromptListViewModel.DescribeLabels(greeting));
        Assert.Equal(2, greeting.VersionCount);
    }

    [Fact]
    public async Task A_slow_earlier_search_does_not_overwrite_a_later_one()
    {
        var registry = new ControlledRegistry();
        var list = new PromptListViewModel(registry);

        var first = list.SearchAsync("a");
        var second = list.SearchAsync("ab");
        registry.Complete("ab", [Summary("ab-prompt")]);
        await second;
        registry.Complete("a", [Summary("a-prompt"), Summary("ab-prompt")]);
        await first;

        Assert.Equal(["ab-prompt"], list.Items.Select(p => p.Key));
        Assert.Equal("ab", list.ShownSearch);
        Assert.False(list.Loading);
    }

    private static PromptSummary Summary(string key) =>
        new(key, key, string.Empty, [], 1, 1, new Dictionary<string, int>(), DateTimeOffset.UnixEpoch, 1);

    /// <summary>Answers each search only when the test says so, to replay responses out of order.</summary>
    private sealed class ControlledRegistry : IPromptRegistry
    {
        private readonly Dictionary<string, TaskCompletionSource<IReadOnlyList<PromptSummary>>> _pending = [];

        public void Complete(string search, IReadOnlyList<PromptSummary> items) => _pending[search].SetResult(items);

        public Task<IReadOnlyList<PromptSummary>> ListAsync(string? search, CancellationToken cancellationToken = default)
        {
            var pending = new TaskCompletionSource<IReadOnlyList<PromptSummary>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[search ?? string.Empty] = pending;
            return pending.Task;
        }

        public Task<Result<Prompt>> GetAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<Prompt>> CreateAsync(CreatePromptCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<Prompt>> UpdateAsync(string key, UpdatePromptCommand command, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<CreatedVersion>> AddVersionAsync(string key, VersionDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<Label>> DeployAsync(string key, string label, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<Label>> RollbackAsync(string key, string label, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Result<PromptVersion>> DeprecateAsync(string key, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEvent>> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
