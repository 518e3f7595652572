namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>Makes one empty index per semantic-cache partition.</summary>
public interface IVectorIndexFactory
{
    IVectorIndex Create(int dimensions);
}
