namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>Makes the empty indexes the semantic cache keeps, one per partition.</summary>
public interface IVectorIndexFactory
{
    IVectorIndex Create(int dimensions);
}
