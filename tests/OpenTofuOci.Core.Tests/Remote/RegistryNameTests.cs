using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>What a registry name may be when a repository client is created (no network).</summary>
public sealed class RegistryNameTests
{
    [Theory]
    [InlineData("registry.example.com")]
    [InlineData("registry.example.com:5000")]
    [InlineData("registry.example.com:443")]
    [InlineData("localhost:80")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("[::1]:5000")]
    public void A_host_with_an_optional_port_is_accepted_even_the_default_port(string registry)
    {
        using var repository = new RemoteRepository(registry, "team/app");
        Assert.Equal((registry, "team/app"), (repository.Registry, repository.Repository));
    }

    [Theory]
    [InlineData("registry.example.com/extra")]
    [InlineData("user@registry.example.com")]
    [InlineData("registry.example.com?x=1")]
    [InlineData("registry.example.com:99999")]
    public void Anything_that_would_add_a_path_user_or_query_is_refused(string registry)
    {
        var e = Assert.Throws<TofuOciException>(() => new RemoteRepository(registry, "team/app"));
        Assert.Equal((ErrorIds.InvalidReference, registry), (e.ErrorId, e.Target));
        Assert.Equal($"Invalid registry \"{registry}\": give a host name or address with an optional port, e.g. registry.example.com:5000.", e.Message);
    }

    [Theory]
    [InlineData("docker.io", "registry-1.docker.io")]
    [InlineData("DOCKER.IO", "registry-1.docker.io")]
    [InlineData("index.docker.io", "index.docker.io")]
    [InlineData("registry.example.com:5000", "registry.example.com:5000")]
    public void Docker_Hub_is_reached_at_its_API_host_as_ORAS_does(string registry, string endpoint) =>
        Assert.Equal(endpoint, RegistryHttpClient.Endpoint(registry));
}
