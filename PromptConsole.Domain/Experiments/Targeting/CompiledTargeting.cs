using System.Text.RegularExpressions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>
/// Targeting ready for the request path: <c>in</c> values in a hash set, regexes compiled once,
/// numbers parsed once, percentage seeds hashed once. A request matches when every condition holds.
/// </summary>
public sealed class CompiledTargeting
{
    private readonly CompiledCondition[] _conditions;

    private CompiledTargeting(CompiledCondition[] conditions) => _conditions = conditions;

    public static CompiledTargeting Everyone { get; } = new([]);

    public bool TargetsEveryone => _conditions.Length == 0;

    /// <summary>The percentage seed of the experiment or flag named <paramref name="ownerKey"/>: distinct from its assignment seed, so who is targeted does not decide which arm they get.</summary>
    public static string PercentageSeed(string ownerKey) => ownerKey + ":targeting";

    /// <summary>
    /// Compiles checked conditions. A failure means stored conditions no longer compile (they were
    /// checked when saved); the field errors name them as <c>targeting[i].value</c>.
    /// </summary>
    public static Result<CompiledTargeting> Compile(IReadOnlyList<TargetingCondition> conditions, string ownerKey)
    {
        if (conditions.Count == 0)
            return Everyone;

        var seed = HashSeed.For(PercentageSeed(ownerKey));
        var compiled = new CompiledCondition[conditions.Count];
        List<FieldError>? errors = null;
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i];
            var problem = CompiledCondition.TryCreate(condition, seed, out var created);
            if (problem is null)
                compiled[i] = created!;
            else
                (errors ??= []).Add(new FieldError($"targeting[{i}].value", problem));
        }

        // Every condition must hold, so their order does not change the answer; cheap ones first means
        // most requests an experiment does not target are turned away by a string comparison.
        return errors is null
            ? new CompiledTargeting(compiled.OrderBy(c => c.Cost).ToArray())
            : Error.Validation("invalid-targeting", $"The targeting of '{ownerKey}' does not compile.", errors);
    }

    public bool Matches(in RequestAttributes attributes)
    {
        foreach (var condition in _conditions)
        {
            if (!condition.Matches(attributes))
                return false;
        }

        return true;
    }

    private sealed class CompiledCondition
    {
        private readonly string _attribute;
        private readonly TargetingOperator _operator;
        private readonly string _value;
        private readonly HashSet<string>? _set;
        private readonly Regex? _regex;
        private readonly double _number;
        private readonly HashSeed _seed;

        private CompiledCondition(TargetingCondition condition, HashSet<string>? set, Regex? regex, double number, HashSeed seed)
        {
            _attribute = condition.Attribute;
            _operator = condition.Operator;
            _value = condition.Value;
            _set = set;
            _regex = regex;
            _number = number;
            _seed = seed;
        }

        /// <summary>Rough cost rank: string compares, then number parsing, then hashing, then regex (unbounded).</summary>
        public int Cost => _operator switch
        {
            TargetingOperator.EqualTo => 0,
            TargetingOperator.In => 1,
            TargetingOperator.Percentage => 3,
            TargetingOperator.MatchesRegex => 4,
            _ => 2,
        };

        public static string? TryCreate(TargetingCondition condition, HashSeed seed, out CompiledCondition? compiled)
        {
            compiled = null;
            if (condition.Values.Count == 0)
                return "The condition has no value.";

            HashSet<string>? set = null;
            Regex? regex = null;
            var number = 0d;
            switch (condition.Operator)
            {
                case TargetingOperator.In:
                    set = new HashSet<string>(condition.Values, StringComparer.Ordinal);
                    break;
                case TargetingOperator.MatchesRegex:
                    if (!TargetingValues.TryCreateRegex(condition.Value, compileToIL: true, out regex, out var problem))
                        return $"The pattern does not compile: {problem}";
                    break;
                default:
                    if (condition.Operator != TargetingOperator.EqualTo && !TargetingValues.TryParseNumber(condition.Value, out number))
                        return $"'{condition.Value}' is not a number.";
                    break;
            }

            compiled = new CompiledCondition(condition, set, regex, number, seed);
            return null;
        }

        /// <summary>A missing attribute fails every operator, and a value that is not a number fails every comparison.</summary>
        public bool Matches(in RequestAttributes attributes)
        {
            if (!attributes.TryGet(_attribute, out var value))
                return false;

            switch (_operator)
            {
                case TargetingOperator.EqualTo:
                    return string.Equals(value, _value, StringComparison.Ordinal);
                case TargetingOperator.In:
                    return _set!.Contains(value);
                case TargetingOperator.MatchesRegex:
                    try
                    {
                        return _regex!.IsMatch(value);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return false;
                    }

                case TargetingOperator.Percentage:
                    return _seed.Position(value) < _number;
                default:
                    return ParsedNumber.TryGet(value, out var number) && _operator switch
                    {
                        TargetingOperator.LessThan => number < _number,
                        TargetingOperator.LessThanOrEqual => number <= _number,
                        TargetingOperator.GreaterThan => number > _number,
                        _ => number >= _number,
                    };
            }
        }
    }
}
