using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Batches;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Components.Pages.Batches;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Batches;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Tests.Components.Batches;

/// <summary>The batch pages with their real view models over an in-memory batch service and a manual clock.</summary>
public sealed class BatchPagesTests : MudComponentTest
{
    private readonly FakeBatchService _batches = new();
    private readonly FixedUser _user = new("ops@example.com", ConsoleRole.Operator);
    private readonly ManualTimeProvider _time = new();

    public BatchPagesTests()
    {
        Services.AddSingleton<IBatchService>(_batches);
        Services.AddSingleton<IPromptRegistry>(new InMemoryPromptRegistry());
        Services.AddSingleton<IConsoleUser>(_user);
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(Options.Create(new BatchOptions { MaxItems = 3 }));
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddTransient<BatchListViewModel>();
        Services.AddTransient<BatchDetailViewModel>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void The_list_shows_each_job_with_a_progress_bar_and_refreshes_while_one_runs()
    {
        var running = Guid.NewGuid();
        var done = Guid.NewGuid();
        _batches.Put(FakeBatchService.Job(running, BatchStatus.Running, total: 40, succeeded: 10));
        _batches.Put(FakeBatchService.Job(done, BatchStatus.Completed, total: 5, succeeded: 4, failed: 1));

        var page = Render<BatchList>();

        page.WaitForAssertion(() => Assert.Equal("10 / 40 done", page.Find($"[data-testid=batch-counts-{running}]").TextContent));
        Assert.Equal("5 / 5 done · 1 failed", page.Find($"[data-testid=batch-counts-{done}]").TextContent);
        Assert.Contains("running", page.Find($"[data-testid=batch-status-{running}]").TextContent);
        Assert.Equal($"batches/{running}", page.Find($"[data-testid=batch-link-{running}]").GetAttribute("href"));
        Assert.Equal(2, page.FindComponents<MudProgressLinear>().Count);
        Assert.NotNull(page.Find($"[data-testid=batch-progress-{running}]"));

        // The runner moves on; the page reads the jobs again on its next tick.
        _batches.Put(FakeBatchService.Job(running, BatchStatus.Running, total: 40, succeeded: 30));
        _time.Advance(BatchListViewModel.RefreshInterval);
        page.WaitForAssertion(() => Assert.Equal("30 / 40 done", page.Find($"[data-testid=batch-counts-{running}]").TextContent));
    }

    [Fact]
    public async Task An_operator_starts_a_batch_by_uploading_a_JSONL_file_for_the_chosen_prompt()
    {
        var page = Render<BatchList>();
        page.WaitForElement("[data-testid=batch-start]");
        var prompt = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => prompt.Instance.ValueChanged.InvokeAsync("greet"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\"variables\":{\"name\":\"Ada\"}}\n{\"variables\":{\"name\":\"Bo\"},\"customId\":\"b\"}\n", "items.jsonl"));

        page.WaitForElement("[data-testid=batch-started]");
        var (submission, actor) = Assert.Single(_batches.Created);
        Assert.Equal("greet", submission.PromptKey);
        Assert.Equal(2, submission.Items.Count);
        Assert.Equal("b", submission.Items[1].CustomId);
        Assert.Equal("ops@example.com", actor);
    }

    [Fact]
    public void A_bad_file_is_reported_by_line_and_nothing_is_started()
    {
        var page = Render<BatchList>();
        page.WaitForElement("[data-testid=batch-start]");
        page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("greet"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\"variables\":{\"name\":\"Ada\"}}\nnot json\n", "items.jsonl"));

        var error = page.WaitForElement("[data-testid=batch-start-error]");
        Assert.Contains("line 2", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(_batches.Created);
    }

    [Fact]
    public void A_viewer_sees_the_jobs_but_cannot_start_or_cancel_one()
    {
        _user.Role = ConsoleRole.Viewer;
        var id = Guid.NewGuid();
        _batches.Put(FakeBatchService.Job(id, BatchStatus.Running, total: 4, succeeded: 1), FakeBatchService.Items(4, 1));

        var list = Render<BatchList>();
        list.WaitForElement($"[data-testid=batch-counts-{id}]");
        Assert.Empty(list.FindAll("[data-testid=batch-start]"));

        var detail = Render<BatchDetail>(p => p.Add(c => c.Id, id));
        detail.WaitForElement("[data-testid=batch-progress]");
        Assert.Empty(detail.FindAll("[data-testid=batch-cancel]"));
    }

    [Fact]
    public void The_job_page_shows_counts_progress_results_in_pages_a_download_link_and_cancels()
    {
        var id = Guid.NewGuid();
        _batches.Put(FakeBatchService.Job(id, BatchStatus.Running, total: 30, succeeded: 12), FakeBatchService.Items(30, 12));

        var page = Render<BatchDetail>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal("12", page.Find("[data-testid=batch-succeeded]").TextContent));
        Assert.Equal("30", page.Find("[data-testid=batch-total]").TextContent);
        Assert.Equal("18", page.Find("[data-testid=batch-pending]").TextContent);
        Assert.Single(page.FindComponents<MudProgressLinear>());
        Assert.Equal("12 / 30 done", page.Find("[data-testid=batch-counts]").TextContent);
        Assert.Equal($"/api/v1/batches/{id}/results", page.Find("[data-testid=batch-download]").GetAttribute("href"));
        Assert.Equal("succeeded", page.Find("[data-testid=batch-item-status-0]").TextContent);
        Assert.Equal("pending", page.Find("[data-testid=batch-item-status-24]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=batch-item-status-25]"));

        // 30 items at 25 a page: the second page holds the rest.
        page.InvokeAsync(() => page.FindComponent<MudPagination>().Instance.SelectedChanged.InvokeAsync(2));
        page.WaitForElement("[data-testid=batch-item-status-29]");

        page.Find("[data-testid=batch-cancel] ").Click();
        page.WaitForAssertion(() => Assert.Contains("cancelled", page.Find("[data-testid=batch-status]").TextContent));
        Assert.Equal((id, "ops@example.com"), Assert.Single(_batches.Cancelled));
        Assert.Empty(page.FindAll("[data-testid=batch-cancel]"));
    }

    [Fact]
    public void A_job_that_no_longer_exists_says_so()
    {
        var page = Render<BatchDetail>(p => p.Add(c => c.Id, Guid.NewGuid()));
        page.WaitForElement("[data-testid=batch-not-found]");
    }
}
