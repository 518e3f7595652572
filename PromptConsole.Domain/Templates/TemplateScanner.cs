namespace PromptConsole.Domain.Templates;

/// <summary>
/// Reads a Handlebars template far enough to find the root variables it uses and the syntax
/// mistakes an author makes (unclosed tags, unbalanced blocks), each with its line and column.
/// The renderer itself is Handlebars.Net in the web layer; this scanner exists because the
/// compiler's messages carry no positions an editor can point at.
/// </summary>
public static class TemplateScanner
{
    private static readonly HashSet<string> BuiltInHelpers = new(StringComparer.Ordinal)
    {
        "if", "unless", "each", "with", "lookup", "log", "else",
    };

    /// <summary>Blocks whose body is evaluated against a new context: names inside are not root variables.</summary>
    private static readonly HashSet<string> ContextChangingBlocks = new(StringComparer.Ordinal) { "each", "with" };

    public static TemplateAnalysis Analyze(string template)
    {
        var references = new List<VariableReference>();
        var errors = new List<TemplateSyntaxError>();
        var openBlocks = new Stack<(string Name, int Line, int Column, bool ChangesContext)>();
        var lineStarts = LineStarts(template);
        var position = 0;

        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
                break;
            if (open > 0 && template[open - 1] == '\\')
            {
                position = open + 2;
                continue;
            }

            var (line, column) = Locate(lineStarts, open);
            var triple = open + 2 < template.Length && template[open + 2] == '{';
            var isComment = open + 2 < template.Length && template[open + 2] == '!';
            var closeToken = isComment && template.AsSpan(open).StartsWith("{{!--") ? "--}}" : triple ? "}}}" : "}}";
            var close = template.IndexOf(closeToken, open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                errors.Add(new TemplateSyntaxError($"'{{{{' is never closed with '{closeToken}'.", line, column));
                break;
            }

            position = close + closeToken.Length;
            if (isComment)
                continue;

            var bodyStart = open + (triple ? 3 : 2);
            var body = template[bodyStart..close];
            var (trimmed, offset) = TrimTag(body);
            var bodyColumnOf = (int index) => Locate(lineStarts, bodyStart + offset + index);
            if (trimmed.Length == 0)
            {
                errors.Add(new TemplateSyntaxError("Empty expression '{{}}'.", line, column));
                continue;
            }

            var insideNewContext = openBlocks.Any(b => b.ChangesContext);
            switch (trimmed[0])
            {
                case '#':
                {
                    var tokens = Tokenize(trimmed, 1);
                    if (tokens.Count == 0)
                    {
                        errors.Add(new TemplateSyntaxError("A block '{{#…}}' needs a helper name.", line, column));
                        continue;
                    }

                    var helper = tokens[0].Text;
                    foreach (var token in BlockArguments(tokens))
                        AddReference(references, token, insideNewContext, bodyColumnOf);
                    openBlocks.Push((helper, line, column, ContextChangingBlocks.Contains(helper)));
                    break;
                }
                case '^' when trimmed.Length > 1:
                {
                    // {{^name}} is an inverted section over a variable.
                    var tokens = Tokenize(trimmed, 1);
                    foreach (var token in tokens)
                        AddReference(references, token, insideNewContext, bodyColumnOf);
                    openBlocks.Push((tokens.Count > 0 ? tokens[0].Text : "^", line, column, false));
                    break;
                }
                case '^':
                    break; // a bare {{^}} is an else
                case '/':
                {
                    var name = trimmed[1..].Trim();
                    if (openBlocks.Count == 0)
                    {
                        errors.Add(new TemplateSyntaxError($"'{{{{/{name}}}}}' closes a block that was never opened.", line, column));
                    }
                    else if (openBlocks.Peek().Name != name)
                    {
                        var expected = openBlocks.Peek();
                        errors.Add(new TemplateSyntaxError(
                            $"'{{{{/{name}}}}}' does not match '{{{{#{expected.Name}}}}}' opened at line {expected.Line}, column {expected.Column}.",
                            line, column));
                    }
                    else
                    {
                        openBlocks.Pop();
                    }

                    break;
                }
                case '>':
                    // Handlebars compiles an unregistered partial and only fails when rendering, so refuse it here.
                    errors.Add(new TemplateSyntaxError($"Partials ('{{{{>{trimmed[1..].Trim()}}}}}') are not supported in prompt templates.", line, column));
                    break;
                default:
                {
                    var tokens = Tokenize(trimmed, trimmed[0] == '&' ? 1 : 0);
                    if (tokens.Count == 0)
                        break;
                    if (tokens[0].Text == "else")
                    {
                        // {{else if x}} chains a block whose arguments are read like an opening tag's.
                        foreach (var token in BlockArguments(tokens[1..]))
                            AddReference(references, token, insideNewContext, bodyColumnOf);
                        break;
                    }

                    // {{helper arg}}: the first token is a helper; {{name}} alone is a variable. Only the
                    // built-in helpers exist, and an unknown one compiles but fails at render time.
                    if (tokens.Count > 1 && !BuiltInHelpers.Contains(tokens[0].Text))
                    {
                        errors.Add(new TemplateSyntaxError($"Unknown helper '{tokens[0].Text}'; the helpers are {string.Join(", ", BuiltInHelpers.Where(h => h != "else").Order())}.", line, column));
                        break;
                    }

                    var arguments = tokens.Count > 1 ? tokens.Skip(1) : tokens;
                    foreach (var token in arguments)
                        AddReference(references, token, insideNewContext, bodyColumnOf);
                    break;
                }
            }
        }

        foreach (var block in openBlocks)
            errors.Add(new TemplateSyntaxError($"'{{{{#{block.Name}}}}}' is never closed with '{{{{/{block.Name}}}}}'.", block.Line, block.Column));

        return new TemplateAnalysis(references, errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray());
    }

    private static void AddReference(List<VariableReference> references, Token token, bool insideNewContext, Func<int, (int Line, int Column)> locate)
    {
        var text = token.Text;
        var equals = text.IndexOf('=');
        var valueOffset = 0;
        if (equals > 0 && !IsLiteral(text))
        {
            valueOffset = equals + 1; // hash argument key=value: only the value is read
            text = text[valueOffset..];
        }

        if (text.Length == 0 || IsLiteral(text) || text.StartsWith('(') || text.StartsWith("../", StringComparison.Ordinal))
            return;

        if (text.StartsWith("@root.", StringComparison.Ordinal))
        {
            text = text["@root.".Length..];
            valueOffset += "@root.".Length;
        }
        else if (text.StartsWith('@') || insideNewContext)
        {
            return;
        }
        else if (text.StartsWith("this.", StringComparison.Ordinal))
        {
            text = text["this.".Length..];
            valueOffset += "this.".Length;
        }

        var root = text.Split('.', '/', '[')[0];
        if (root.Length == 0 || root == "this" || BuiltInHelpers.Contains(root))
            return;

        var (line, column) = locate(token.Start + valueOffset);
        references.Add(new VariableReference(root, line, column));
    }

    /// <summary>The tokens after a block's helper name, without block parameters (<c>as |item index|</c>), which name locals.</summary>
    private static IEnumerable<Token> BlockArguments(List<Token> tokens)
    {
        var blockParameters = tokens.FindIndex(t => t.Text.StartsWith('|'));
        var end = blockParameters > 1 && tokens[blockParameters - 1].Text == "as" ? blockParameters - 1 : tokens.Count;
        return tokens.Take(end).Skip(1);
    }

    private static bool IsLiteral(string text) =>
        text.StartsWith('"') || text.StartsWith('\'') || text is "true" or "false" or "null" or "undefined"
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private readonly record struct Token(string Text, int Start);

    /// <summary>Splits an expression on white space, keeping quoted strings and sub-expressions whole.</summary>
    private static List<Token> Tokenize(string expression, int start)
    {
        var tokens = new List<Token>();
        var i = start;
        while (i < expression.Length)
        {
            while (i < expression.Length && char.IsWhiteSpace(expression[i]))
                i++;
            if (i >= expression.Length)
                break;

            var tokenStart = i;
            var depth = 0;
            char? quote = null;
            while (i < expression.Length)
            {
                var c = expression[i];
                if (quote is not null)
                {
                    if (c == quote)
                        quote = null;
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
                else if (char.IsWhiteSpace(c) && depth <= 0)
                {
                    break;
                }

                i++;
            }

            tokens.Add(new Token(expression[tokenStart..i], tokenStart));
        }

        return tokens;
    }

    /// <summary>Strips whitespace-control tildes and spaces, returning how far the content moved.</summary>
    private static (string Trimmed, int Offset) TrimTag(string body)
    {
        var start = 0;
        var end = body.Length;
        if (start < end && body[start] == '~')
            start++;
        if (end > start && body[end - 1] == '~')
            end--;
        while (start < end && char.IsWhiteSpace(body[start]))
            start++;
        while (end > start && char.IsWhiteSpace(body[end - 1]))
            end--;
        return (body[start..end], start);
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                starts.Add(i + 1);
        }

        return starts;
    }

    private static (int Line, int Column) Locate(List<int> lineStarts, int index)
    {
        var line = lineStarts.BinarySearch(index);
        if (line < 0)
            line = ~line - 1;
        return (line + 1, index - lineStarts[line] + 1);
    }
}
