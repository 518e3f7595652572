using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;

namespace PromptConsole.Tests.Api;

public sealed class ProblemsTests
{
    [Theory]
    [InlineData(ErrorKind.Validation, 400)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.TooLarge, 413)]
    [InlineData(ErrorKind.OutputRejected, 422)]
    [InlineData(ErrorKind.ProviderFailed, 502)]
    [InlineData(ErrorKind.Unavailable, 503)]
    public void Each_error_kind_has_one_status(ErrorKind kind, int status)
    {
        var problem = Problems.ToProblemDetails(new Error(kind, "some-code", "message"));
        Assert.Equal(status, problem.Status);
        Assert.Equal("https://promptconsole.dev/problems/some-code", problem.Type);
        Assert.Equal("message", problem.Detail);
        Assert.Equal("some-code", problem.Extensions["code"]);
    }

    [Fact]
    public void Field_errors_keep_their_positions()
    {
        var problem = Problems.ToProblemDetails(Error.Validation("bad", "Bad.", [new FieldError("template", "Unclosed.", 3, 7)]));
        var field = Assert.Single((ProblemField[])problem.Extensions["errors"]!);
        Assert.Equal(new ProblemField("template", "Unclosed.", 3, 7), field);
    }
}
