using System.Numerics.Tensors;

namespace PromptConsole.Tests.VectorSearch;

/// <summary>Reproducible random unit vectors (Gaussian components, normalised), the hard case for an approximate index.</summary>
internal static class RandomVectors
{
    public static float[][] Unit(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                // Box–Muller: a Gaussian makes the direction uniform on the sphere.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                vector[d] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[i] = vector;
        }

        return vectors;
    }

    /// <summary>
    /// Random unit vectors in tight groups, like the paraphrases a semantic cache stores: <paramref name="groups"/> random
    /// centres, <paramref name="perGroup"/> members each (cosine ≈ 0.9 to the centre, ≈ 0.8 to each other), and queries
    /// drawn the same way around randomly chosen centres, so every query has about ten true neighbours above 0.7.
    /// </summary>
    public static (float[][] Stored, float[][] Queries) Grouped(int groups, int perGroup, int queries, int dimensions, int seed)
    {
        var centres = Unit(groups, dimensions, seed);
        var noise = Unit(groups * perGroup + queries, dimensions, seed + 1);
        var random = new Random(seed + 2);
        float[] Around(float[] centre, float[] direction)
        {
            var vector = new float[dimensions];
            // Centre plus a random direction at half its length: cosine to the centre 1/√1.25 ≈ 0.89.
            TensorPrimitives.MultiplyAdd(direction, 0.5f, centre, vector);
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            return vector;
        }

        var stored = new float[groups * perGroup][];
        for (var i = 0; i < stored.Length; i++)
            stored[i] = Around(centres[i / perGroup], noise[i]);
        var asked = new float[queries][];
        for (var i = 0; i < queries; i++)
            asked[i] = Around(centres[random.Next(groups)], noise[stored.Length + i]);
        return (stored, asked);
    }

    /// <summary>The exact answer, by a plain loop: every similarity, sorted best first.</summary>
    public static (int Index, float Similarity)[] Naive(float[][] stored, float[] query, int count, float minimumSimilarity)
    {
        var all = new List<(int, float)>();
        for (var i = 0; i < stored.Length; i++)
        {
            var dot = 0f;
            for (var d = 0; d < query.Length; d++)
                dot += stored[i][d] * query[d];
            if (dot >= minimumSimilarity)
                all.Add((i, dot));
        }

        return all.OrderByDescending(x => x.Item2).Take(count).ToArray();
    }
}
