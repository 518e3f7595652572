namespace PromptConsole.Web.Model.Flags;

/// <summary>One stretch of the 0–100 % bar: a slice's variant, or a gap that serves the default.</summary>
public sealed record RolloutSegment(string Variant, double From, double To, bool IsDefault);

/// <summary>The rollout as a bar across 0–100 %, drawn from the slices as typed.</summary>
public static class RolloutBar
{
    /// <summary>
    /// Slices in order of their start with the gaps between them given to <paramref name="defaultVariant"/>.
    /// Slices not yet within 0–100 are left out, and an overlapping slice is drawn from where the earlier
    /// one ends (the registry reports the overlap itself).
    /// </summary>
    public static IReadOnlyList<RolloutSegment> Segments(IEnumerable<SliceRow> slices, string defaultVariant)
    {
        var segments = new List<RolloutSegment>();
        var cursor = 0d;
        var drawable = slices
            .Where(s => s.From is { } from && s.To is { } to && double.IsFinite(from) && double.IsFinite(to) && from >= 0 && to <= 100 && from < to)
            .OrderBy(s => s.From);
        foreach (var slice in drawable)
        {
            var from = Math.Max(slice.From!.Value, cursor);
            var to = slice.To!.Value;
            if (to <= from)
                continue;
            if (from > cursor)
                segments.Add(new RolloutSegment(defaultVariant, cursor, from, IsDefault: true));
            segments.Add(new RolloutSegment(slice.Variant, from, to, IsDefault: false));
            cursor = to;
        }

        if (cursor < 100)
            segments.Add(new RolloutSegment(defaultVariant, cursor, 100, IsDefault: true));
        return segments;
    }
}
