using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PromptConsole.Tests.TestSupport;

/// <summary>SQL Server's own T-SQL parser (ScriptDom), the offline stand-in for a server that cannot run here.</summary>
public static class TransactSql
{
    /// <summary>Parses a script (GO batches allowed); returns the syntax tree and the errors, none for valid T-SQL.</summary>
    public static (TSqlFragment Tree, IReadOnlyList<string> Errors) Parse(string sql)
    {
        using var reader = new StringReader(sql);
        var tree = new TSql170Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        return (tree, errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToArray());
    }

    /// <summary>Asserts <paramref name="sql"/> is valid T-SQL, showing the parser's errors and the SQL when it is not.</summary>
    public static TSqlFragment AssertValid(string sql)
    {
        var (tree, errors) = Parse(sql);
        Assert.True(errors.Count == 0, $"Not valid T-SQL:\n{string.Join('\n', errors)}\n---\n{sql}");
        return tree;
    }

    public static IReadOnlyList<T> Statements<T>(TSqlFragment tree)
        where T : TSqlStatement
    {
        var collector = new Collector<T>();
        tree.Accept(collector);
        return collector.Found;
    }

    private sealed class Collector<T> : TSqlFragmentVisitor
        where T : TSqlStatement
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlStatement node)
        {
            if (node is T match)
                Found.Add(match);
        }
    }
}
