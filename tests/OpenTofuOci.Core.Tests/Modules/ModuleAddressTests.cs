using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>The address rules of OpenTofu's OCI module getter (docs/opentofu-compatibility.md §3.1, §3.2, §3.4).</summary>
public sealed class ModuleAddressTests
{
    private const string Sha = "sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac";

    [Theory]
    [InlineData("oci://example.com/main", "example.com", "main", null, "latest", null)]
    [InlineData("oci://example.com/main?tag=foo", "example.com", "main", null, "foo", null)]
    [InlineData("oci://example.com:5000/team/net/vpc?digest=" + Sha, "example.com:5000", "team/net/vpc", null, null, Sha)]
    [InlineData("oci://example.com/main//modules/vpc?tag=v1.0", "example.com", "main", "modules/vpc", "v1.0", null)]
    [InlineData("oci://127.0.0.1:5000/a_b/c__d/e-f.g//x/", "127.0.0.1:5000", "a_b/c__d/e-f.g", "x", "latest", null)]
    [InlineData("OCI://example.com/main?tag=Foo_1", "example.com", "main", null, "Foo_1", null)]
    public void Valid_addresses_are_split_like_go_getter(string text, string registry, string repository, string? subdir, string? tag, string? digest)
    {
        var a = ModuleAddress.Parse(text);
        Assert.False(a.IsLayout);
        Assert.Equal(registry, a.Remote!.Registry);
        Assert.Equal(repository, a.Remote.Repository);
        Assert.Equal(subdir, a.Subdir);
        Assert.Equal(tag, a.Tag);
        Assert.Equal(digest, a.Digest?.ToString());
        Assert.Equal(digest ?? tag, a.Selector);
        Assert.Equal($"{registry}/{repository}", a.RepositoryText);
    }

    [Theory]
    // The §3.4 table, one case per row whose error comes from the address alone.
    [InlineData("oci://example.com/in$valid", ErrorIds.InvalidReference, "invalid reference: invalid repository \"in$valid\"")]
    [InlineData("oci://example.com/empty?tag=in$valid", ErrorIds.InvalidReference, "invalid reference: invalid tag \"in$valid\"")]
    [InlineData("oci://example.com/empty?tag=in%24valid", ErrorIds.InvalidReference, "invalid reference: invalid tag \"in$valid\"")]
    [InlineData("oci://example.com/main?tag=", ErrorIds.InvalidModuleAddress, "tag argument must not be empty")]
    [InlineData("oci://example.com/main?tag=foo&tag=bar", ErrorIds.InvalidModuleAddress, "too many \"tag\" arguments")]
    [InlineData("oci://example.com/main?digest=nope", ErrorIds.InvalidDigest, "invalid digest: invalid checksum digest format")]
    [InlineData("oci://example.com/main?digest=nope:nope", ErrorIds.UnsupportedDigestAlgorithm, "invalid digest: unsupported digest algorithm")]
    [InlineData("oci://example.com/main?digest=", ErrorIds.InvalidModuleAddress, "digest argument must not be empty")]
    [InlineData("oci://example.com/main?digest=nope&digest=nope", ErrorIds.InvalidModuleAddress, "too many \"digest\" arguments")]
    [InlineData("oci://example.com/main?tag=foo&digest=" + Sha, ErrorIds.InvalidModuleAddress, "cannot set both \"tag\" and \"digest\" arguments")]
    [InlineData("oci://example.com/main?tag=foo&other=bar", ErrorIds.InvalidModuleAddress, "unsupported argument \"other\"")]
    [InlineData("oci://example.com/main?archive=zip", ErrorIds.InvalidModuleAddress, "the \"archive\" argument is not allowed for OCI sources, because the archive format is detected automatically from the image manifest")]
    // More of §3.1–§3.2.
    [InlineData("oci://example.com/main?a=1&b=2", ErrorIds.InvalidModuleAddress, "unsupported arguments: a, b")]
    [InlineData("oci://example.com/main?tag=foo&archive=tar.gz", ErrorIds.InvalidModuleAddress, "the \"archive\" argument is not allowed")]
    [InlineData("oci://example.com/Main", ErrorIds.InvalidReference, "invalid reference: invalid repository \"Main\"")]
    [InlineData("oci://example.com/main/", ErrorIds.InvalidReference, "invalid reference: invalid repository \"main/\"")]
    [InlineData("oci://example.com", ErrorIds.InvalidReference, "invalid reference: invalid repository \"\"")]
    [InlineData("oci://exa mple.com/main", ErrorIds.InvalidReference, "invalid reference: invalid registry \"exa mple.com\"")]
    [InlineData("oci://example.com/main?tag=-x", ErrorIds.InvalidReference, "invalid reference: invalid tag \"-x\"")]
    [InlineData("oci://example.com/main?digest=sha256:1D57D25084EFFD3FDFD902ECA00020B34B1FB020253B84D7DD471301606015AC", ErrorIds.InvalidDigest, "invalid digest: invalid checksum digest format")]
    [InlineData("oci://example.com/main?digest=sha512:abc", ErrorIds.InvalidDigest, "invalid digest: invalid checksum digest format")]
    [InlineData("example.com/main", ErrorIds.InvalidModuleAddress, "oci source type requires an absolute URL")]
    [InlineData("oci::https://example.com/main", ErrorIds.InvalidModuleAddress, "oci source type only supports oci URL scheme")]
    [InlineData("https://example.com/main", ErrorIds.InvalidModuleAddress, "oci source type only supports oci URL scheme")]
    [InlineData("oci://example.com/main//../x", ErrorIds.InvalidModuleSubdirectory, "subdirectory component contain path traversal out of the repository")]
    [InlineData("oci://user@example.com/main", ErrorIds.InvalidModuleAddress, "credentials do not belong in the address")]
    [InlineData("oci://example.com/main#frag", ErrorIds.InvalidModuleAddress, "a #fragment has no meaning")]
    [InlineData("", ErrorIds.InvalidModuleAddress, "the module source is empty")]
    public void Invalid_addresses_fail_with_OpenTofus_facts_and_a_stable_id(string text, string id, string fact)
    {
        var e = Assert.Throws<TofuOciException>(() => ModuleAddress.Parse(text));
        Assert.Equal(id, e.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"Module source \"{text}\": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fact, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_checked_in_the_order_written_and_archive_first()
    {
        Assert.Contains("too many \"tag\"", Assert.Throws<TofuOciException>(() => ModuleAddress.Parse("oci://e.com/m?tag=a&tag=b&x=1")).Message, StringComparison.Ordinal);
        Assert.Contains("unsupported argument \"x\"", Assert.Throws<TofuOciException>(() => ModuleAddress.Parse("oci://e.com/m?x=1&tag=a")).Message, StringComparison.Ordinal);
        Assert.Contains("\"archive\" argument", Assert.Throws<TofuOciException>(() => ModuleAddress.Parse("oci://e.com/m?tag=&archive=zip")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oci-layout:/tmp/lay", "/tmp/lay", null, "latest", null)]
    [InlineData("oci-layout:./lay?tag=v2", "./lay", null, "v2", null)]
    [InlineData("oci-layout:/tmp/lay//sub/dir?digest=" + Sha, "/tmp/lay", "sub/dir", null, Sha)]
    public void Layout_addresses_use_the_same_subdir_and_query_rules(string text, string directory, string? subdir, string? tag, string? digest)
    {
        var a = ModuleAddress.Parse(text);
        Assert.True(a.IsLayout);
        Assert.Equal(directory, a.LayoutDirectory);
        Assert.Equal(subdir, a.Subdir);
        Assert.Equal(tag, a.Tag);
        Assert.Equal(digest, a.Digest?.ToString());
        Assert.Equal("oci-layout:" + directory, a.RepositoryText);

        var absolute = a.WithLayoutDirectory("/abs/" + directory.TrimStart('.', '/'));
        Assert.Equal(("/abs/" + directory.TrimStart('.', '/'), subdir, tag, digest), (absolute.LayoutDirectory, absolute.Subdir, absolute.Tag, absolute.Digest?.ToString()));
        Assert.Equal(absolute.Text, ModuleAddress.Parse(absolute.Text).Text);
        Assert.Equal(absolute, ModuleAddress.Parse(absolute.Text));
        Assert.Equal(ErrorIds.InvalidModuleAddress, Assert.Throws<TofuOciException>(() => ModuleAddress.Parse("oci-layout:/x?tag=a&tag=b")).ErrorId);
        Assert.Equal(ErrorIds.InvalidModuleAddress, Assert.Throws<TofuOciException>(() => ModuleAddress.Parse("oci-layout:?tag=a")).ErrorId);
    }

    [Fact]
    public void Pinned_addresses_keep_the_subdir_and_replace_the_tag_with_the_digest()
    {
        Assert.Equal($"oci://example.com/main//sub?digest={Sha}", ModuleAddress.Parse("oci://example.com/main//sub?tag=foo").PinnedText(Sha));
        Assert.Equal($"oci-layout:/tmp/l?digest={Sha}", ModuleAddress.Parse("oci-layout:/tmp/l").PinnedText(Sha));
        Assert.Equal("oci://example.com/main?tag=v1", ModuleAddress.Format("example.com/main", null, "v1", null));
        Assert.Equal("oci://example.com/main", ModuleAddress.Format("example.com/main", null, "latest", null));
        var round = ModuleAddress.Parse(ModuleAddress.Parse("oci://example.com/main//sub").PinnedText(Sha));
        Assert.Equal(("sub", Sha), (round.Subdir, round.Digest?.ToString()));
    }
}
