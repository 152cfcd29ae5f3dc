using OpenTofuOci.Core.Auditing.Scopes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tests.Access;

namespace OpenTofuOci.Core.Tests.Auditing.Scopes;

/// <summary>Which provider a repository holds when none is named: its path's last segments (docs/opentofu-compatibility.md §12.1).</summary>
public sealed class RepositoryProviderTests
{
    private static string Inferred(string address) => RepositoryProvider.Infer(Plans.Plan([address]).Repository).ToString();

    [Theory]
    [InlineData("registry.example.com/tofu/acme/hello", "registry.opentofu.org/acme/hello")]
    [InlineData("localhost:5000/acme/hello", "registry.opentofu.org/acme/hello")]
    [InlineData("registry.example.com/mirror/example.com/acme/hello", "example.com/acme/hello")]
    [InlineData("registry.example.com/registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/aws")]
    [InlineData("registry.example.com/a/b/tofu/acme/hello-world", "registry.opentofu.org/acme/hello-world")]
    public void A_registry_repository_names_its_provider_by_its_last_segments(string address, string provider) =>
        Assert.Equal(provider, Inferred(address));

    [Fact]
    public void A_layout_directory_names_its_provider_by_its_last_directories()
    {
        Assert.Equal("registry.opentofu.org/acme/hello", Inferred("oci-layout:/srv/mirror/acme/hello"));
        Assert.Equal("example.com/acme/hello", Inferred("oci-layout:/srv/mirror/example.com/acme/hello"));
        // Relative to the front end's location, made absolute first.
        Assert.Equal("registry.opentofu.org/acme/hello", Inferred("oci-layout:acme/hello"));
    }

    [Fact]
    public void A_repository_with_one_segment_asks_for_the_provider()
    {
        var e = Assert.Throws<TofuOciException>(() => Inferred("registry.example.com/hello"));
        Assert.Equal(ErrorIds.InvalidProviderAddress, e.ErrorId);
        Assert.Equal("Cannot tell which provider registry.example.com/hello holds: its path has fewer than two segments, so it names no namespace and type. Name the provider it holds ([hostname/]namespace/type) when auditing it.", e.Message);
        Assert.Equal("registry.example.com/hello", e.Target);
    }

    [Fact]
    public void A_path_that_is_not_a_provider_address_says_what_it_read()
    {
        var e = Assert.Throws<TofuOciException>(() => Inferred("registry.example.com/tofu/acme/terraform-provider-hello"));
        Assert.Equal(ErrorIds.InvalidProviderAddress, e.ErrorId);
        Assert.StartsWith("Cannot tell which provider registry.example.com/tofu/acme/terraform-provider-hello holds: its path reads as registry.opentofu.org/acme/terraform-provider-hello, which is not a provider address (the type has the prefix \"terraform-provider-\"", e.Message, StringComparison.Ordinal);
    }
}
