using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Tests.Oci;

public sealed class ReferenceTests
{
    [Theory]
    [InlineData("example.com/foo", "example.com", "foo", null, null)]
    [InlineData("example.com:5000/a/b-c/d_e:1.0.2_foo.1", "example.com:5000", "a/b-c/d_e", "1.0.2_foo.1", null)]
    [InlineData("127.0.0.1:5000/x@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "127.0.0.1:5000", "x", null, EmptyConfig.Digest)]
    [InlineData("localhost/x:t@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "localhost", "x", "t", EmptyConfig.Digest)]
    [InlineData("[::1]:5000/repo", "[::1]:5000", "repo", null, null)]
    public void Valid_references_parse_into_their_parts(string text, string registry, string repository, string? tag, string? digest)
    {
        var r = Reference.Parse(text);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(repository, r.Repository);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(digest, r.Digest?.ToString());
        Assert.Equal(text, r.ToString());
    }

    [Theory]
    [InlineData("example.com", "it must be a registry host")]
    [InlineData("example.com/", "it must be a registry host")]
    [InlineData("example.com/in$valid", "invalid repository \"in$valid\"")]
    [InlineData("example.com/Upper", "invalid repository \"Upper\"")]
    [InlineData("example.com/foo/", "invalid repository \"foo/\"")]
    [InlineData("example.com/foo:in$valid", "invalid tag \"in$valid\"")]
    [InlineData("example.com/foo:.hidden", "invalid tag \".hidden\"")]
    [InlineData("example.com/foo:1.0.0+meta", "invalid tag \"1.0.0+meta\"")]
    [InlineData("example.com/foo@sha256:nope", "invalid digest \"sha256:nope\"")]
    [InlineData("exa mple.com/foo", "invalid registry \"exa mple.com\"")]
    [InlineData("example.com:port/foo", "invalid registry \"example.com:port\"")]
    public void Invalid_references_name_the_part_that_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => Reference.Parse(text));
        Assert.Equal(ErrorIds.InvalidReference, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(text, ex.Target);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_are_limited_to_128_characters()
    {
        Assert.True(Reference.IsValidTag(new string('a', 128)));
        Assert.False(Reference.IsValidTag(new string('a', 129)));
    }
}
