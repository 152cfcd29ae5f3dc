using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Oci;

public sealed class TargetAddressTests
{
    [Theory]
    [InlineData("oci-layout:/tmp/mirror", "/tmp/mirror", null, null)]
    [InlineData("oci-layout:/tmp/mirror:1.0.0", "/tmp/mirror", "1.0.0", null)]
    [InlineData("oci-layout:./rel/dir:latest", "./rel/dir", "latest", null)]
    [InlineData("oci-layout:C:\\mirrors\\aws", "C:\\mirrors\\aws", null, null)]
    [InlineData("oci-layout:C:\\mirrors\\aws:5.0.0", "C:\\mirrors\\aws", "5.0.0", null)]
    [InlineData("oci-layout:dir@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "dir", null, "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")]
    public void Layout_addresses_split_directory_tag_and_digest(string text, string dir, string? tag, string? digest)
    {
        var a = TargetAddress.Parse(text);
        Assert.True(a.IsLayout);
        Assert.Equal(dir, a.LayoutDirectory);
        Assert.Equal(tag, a.Tag);
        Assert.Equal(digest, a.Digest?.ToString());
        Assert.Equal("oci-layout:" + dir, a.RepositoryText);
    }

    [Fact]
    public void Remote_addresses_keep_registry_repository_and_tag()
    {
        var a = TargetAddress.Parse("127.0.0.1:5000/mirror/aws:5.0.0");
        Assert.False(a.IsLayout);
        Assert.Equal("127.0.0.1:5000", a.Remote!.Registry);
        Assert.Equal("mirror/aws", a.Remote.Repository);
        Assert.Equal("5.0.0", a.Selector);
        Assert.Equal("127.0.0.1:5000/mirror/aws", a.RepositoryText);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("https://ghcr.io/foo", "without a URL scheme")]
    [InlineData("oci-layout:", "directory is missing")]
    [InlineData("oci-layout:dir:in$valid", "invalid tag \"in$valid\"")]
    [InlineData("oci-layout:dir@sha256:abc", "invalid digest \"sha256:abc\"")]
    public void Bad_addresses_say_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => TargetAddress.Parse(text));
        Assert.Equal(ErrorIds.InvalidReference, ex.ErrorId);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
