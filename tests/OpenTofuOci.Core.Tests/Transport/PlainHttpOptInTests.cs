using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

using OpenTofuOci.Core.Tests.Remote;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>A real plain-HTTP docker-registry is reached only when the user opted in for it; HTTPS never falls back to HTTP.</summary>
public sealed class PlainHttpOptInTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Without_opt_in_a_plain_http_registry_is_refused_with_a_hint()
    {
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{Server.Address}/{UniqueRepo("plain")}"),
            new TargetOptions { Transport = new RegistryTransportSettings { Environment = EmptyEnvironment } });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.StartsWith($"Could not reach registry {Server.Address} (GET https://{Server.Address}/v2/", ex.Message);
        Assert.EndsWith($"If {Server.Address} serves plain HTTP, allow that for it with the plain HTTP option; if it uses a private CA, trust that CA with the CA file option.", ex.Message);
        Assert.Equal($"https://{Server.Address}", repo.RepositoryUri.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Opt_in_for_another_registry_does_not_allow_this_one()
    {
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{Server.Address}/{UniqueRepo("other")}"), new TargetOptions
        {
            PlainHttpRegistries = new HashSet<string> { "localhost:5000" },
            Transport = new RegistryTransportSettings { Environment = EmptyEnvironment },
        });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
    }

    [Fact]
    public async Task With_opt_in_for_this_registry_it_is_reached_over_http()
    {
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{Server.Address}/{UniqueRepo("optin")}"), new TargetOptions
        {
            PlainHttpRegistries = new HashSet<string> { Server.Address },
        });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        // The repository does not exist: a 404 from the registry proves the request went through over http.
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Equal($"http://{Server.Address}", repo.RepositoryUri.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task A_certificate_refused_on_the_same_host_does_not_explain_a_plain_http_port()
    {
        // Both servers are 127.0.0.1 and share the default handler: the TLS callbacks' record of the
        // first refusal must not be mistaken for the reason the second (protocol) handshake failed.
        using var ca = TestCertificates.CreateCa("same-host-ca");
        using var cert = TestCertificates.CreateServer(ca);
        await using var tls = await InProcessServer.StartAsync((ctx, _) => { ctx.Response.StatusCode = 200; return Task.CompletedTask; }, cert);
        var options = new TargetOptions { Transport = new RegistryTransportSettings { Environment = EmptyEnvironment } };
        using var refused = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{tls.Authority}/{UniqueRepo("refused")}"), options);
        using var plain = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{Server.Address}/{UniqueRepo("plainport")}"), options);

        var first = await Assert.ThrowsAsync<TofuOciException>(() => refused.ListTagsAsync().ToListAsync().AsTask());
        var second = await Assert.ThrowsAsync<TofuOciException>(() => plain.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, first.ErrorId);
        Assert.Equal(ErrorIds.ConnectionFailed, second.ErrorId);
    }
}
