using PromptConsole.Domain.Access;
using PromptConsole.Domain.Caching;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Tests.Components;

public class ConversationSemanticCacheViewModelTests
{
    private readonly FakeConversationCacheConsole _settings = new();

    private ConversationSemanticCacheViewModel Create(ConsoleRole role = ConsoleRole.Operator) => new(_settings, new FakeModelCatalog(), new FixedUser("oncall", role));

    [Fact]
    public async Task A_model_added_starts_at_the_shared_threshold_and_leaves_the_choice()
    {
        _settings.Current = new ConversationCacheSettings(SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Serve, Threshold = 0.96 }, new Dictionary<string, double>());
        var model = Create();
        await model.LoadAsync();
        Assert.Equal(["sim-large", "sim-small"], model.ModelsWithoutThreshold);

        model.ModelToAdd = "sim-small";
        model.AddModel();
        model.ModelToAdd = "sim-small";
        model.AddModel(); // twice is once

        var row = Assert.Single(model.ModelThresholds);
        Assert.Equal(("sim-small", 0.96), (row.Model, row.Threshold));
        Assert.Equal(["sim-large"], model.ModelsWithoutThreshold);
        Assert.Null(model.ModelToAdd);
    }

    [Fact]
    public async Task An_emptied_model_threshold_is_refused_with_its_field_not_dropped()
    {
        _settings.Current = new ConversationCacheSettings(SemanticCacheSettings.Off with { Mode = SemanticCacheMode.Serve }, new Dictionary<string, double> { ["sim-large"] = 0.99 });
        var model = Create();
        await model.LoadAsync();

        model.ModelThresholds.Single().Threshold = null;
        Assert.False(await model.SaveAsync());

        Assert.Equal(["The threshold is a cosine similarity between 0.5 and 1."], model.Error!.For("modelThresholds.sim-large"));
        Assert.Equal(0.99, _settings.Current.ModelThresholds["sim-large"]);
    }

    [Fact]
    public async Task A_viewer_cannot_save()
    {
        var model = Create(ConsoleRole.Viewer);
        await model.LoadAsync();
        model.Mode = "serve";

        Assert.False(await model.SaveAsync());

        Assert.Equal("forbidden", model.Error!.Code);
        Assert.Empty(_settings.Changes);
    }
}
