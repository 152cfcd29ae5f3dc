using System.Reflection;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Outcomes;

/// <summary>
/// Callers branch on <see cref="TofuOciException.Code"/>, an enum with one member per stable id, while
/// the id strings users see stay exactly as they were (docs/design.md "Errors").
/// </summary>
public sealed class ErrorCodeTests
{
    private static readonly string[] Ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Every_error_id_has_the_code_of_the_same_name_and_every_code_but_Other_an_id()
    {
        Assert.Contains(ErrorIds.NotFound, Ids);
        Assert.Equal(Ids, Enum.GetNames<ErrorCode>().Where(n => n != nameof(ErrorCode.Other)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_id_gives_its_code_and_keeps_its_string()
    {
        foreach (var id in Ids)
        {
            var e = new TofuOciException(id, ErrorKind.InvalidData, "m");
            Assert.Equal((id, id), (e.ErrorId, e.Code.ToString()));
        }
    }

    [Theory]
    [InlineData("InvalidWildcardPattern")]
    [InlineData("notfound")]
    [InlineData("NOTFOUND")]
    [InlineData("5")]
    [InlineData("Other")]
    [InlineData("")]
    public void An_id_that_is_not_one_of_ErrorIds_is_Other_and_is_kept_as_given(string id)
    {
        var e = new TofuOciException(id, ErrorKind.InvalidArgument, "m");
        Assert.Equal((ErrorCode.Other, id), (e.Code, e.ErrorId));
    }

    [Fact]
    public void The_default_constructors_and_the_message_overload_carry_the_code_too()
    {
        Assert.Equal(ErrorCode.RegistryError, new TofuOciException().Code);
        Assert.Equal(ErrorCode.RegistryError, new TofuOciException("m", new InvalidOperationException()).Code);
        Assert.Equal(ErrorCode.PackageMismatch, new TofuOciException(ErrorIds.PackageMismatch, ErrorKind.ResourceExists, $"replace it with {UserOption.Force}.").Code);
    }

    [Fact]
    public void An_exception_rethrown_with_more_context_keeps_its_code()
    {
        var inner = new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData, "bytes differ", "sha256:abc");
        var outer = new TofuOciException(inner.ErrorId, inner.Kind, "Provider x: " + inner.Message, inner.Target, inner);

        Assert.Equal(ErrorCode.DigestMismatch, outer.Code);
    }
}
