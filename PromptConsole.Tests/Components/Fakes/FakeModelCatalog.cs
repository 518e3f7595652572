using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Components.Fakes;

public sealed class FakeModelCatalog(bool simulatorServing = true) : IModelCatalog
{
    public IReadOnlyList<ModelPrice> Models { get; } =
    [
        new ModelPrice("sim-small", "simulator", 0.0005m, 0.0015m, 16_000),
        new ModelPrice("sim-large", "simulator", 0.005m, 0.015m, 128_000),
    ];

    public bool SimulatorServing => simulatorServing;

    public ModelPrice? Find(string model) => Models.FirstOrDefault(m => m.Model == model);

    public bool IsSimulated(string model) => Find(model)?.Provider == "simulator";
}
