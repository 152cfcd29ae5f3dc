using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>
/// A CA file given for a registry is trusted for that registry's host only. In-process servers, because
/// a real registry cannot send its token service to another host on demand: the registry listens on
/// 127.0.0.1, and "localhost" is another host for the same certificate from the same private CA.
/// </summary>
public sealed class CaFileScopeTests : IDisposable
{
    private const string User = "dana";
    private const string Password = "scope-Pa55";

    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("scope-ca");
    private readonly TempDirectory _dir = new("tofuoci-ca-scope-");

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private RemoteRepository Open(InProcessServer registry, TransportEnvironment? environment = null) =>
        (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{registry.Authority}/{Repo}"), new TargetOptions
        {
            Credentials = new StaticCredentialProvider(registry.Authority, RegistryCredential.Basic(User, Password, "test")),
            Transport = new RegistryTransportSettings
            {
                Registries = new Dictionary<string, TlsSettings> { [registry.Authority] = new() { CaFile = WriteCaPem(_dir, _ca) } },
                Environment = environment ?? EmptyEnvironment,
            },
        });

    /// <summary>A registry that asks for a bearer token from <paramref name="realmHost"/>:port of <paramref name="tokens"/>.</summary>
    private static Task<InProcessServer> StartRegistryAsync(X509Certificate2 cert, Func<int> tokenPort, string realmHost) =>
        InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Authorization") == "Bearer scoped-token")
            {
                return WriteAsync(ctx, 200, Encoding.UTF8.GetBytes("{\"name\":\"" + Repo + "\",\"tags\":[\"1.0.0\"]}"), "application/json");
            }

            ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"https://{realmHost}:{tokenPort()}/token\",service=\"svc\"";
            return WriteAsync(ctx, 401);
        }, cert);

    private static Task<InProcessServer> StartTokenServiceAsync(X509Certificate2 cert) =>
        InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Encoding.UTF8.GetBytes("{\"token\":\"scoped-token\"}"), "application/json"), cert);

    [Fact]
    public async Task InProcess_token_service_on_another_host_is_not_trusted_through_the_ca_file_of_the_registry()
    {
        using var cert = TestCertificates.CreateServer(_ca);
        await using var tokens = await StartTokenServiceAsync(cert);
        await using var registry = await StartRegistryAsync(cert, () => tokens.Port, "localhost");
        using var repo = Open(registry);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
        Assert.Equal(
            $"The TLS certificate of localhost:{tokens.Port} (reached from registry {registry.Authority}) is not trusted (GET https://localhost:{tokens.Port}/token): " +
            "subject \"CN=127.0.0.1\", issuer \"CN=scope-ca\" (it is not issued by a trusted CA). " +
            $"A CA file given for {registry.Authority} is trusted for that registry's host only, not for its token service or the hosts it redirects to: " +
            "add the issuer to the system's trusted CAs (or name it with SSL_CERT_FILE or SSL_CERT_DIR on Linux).", ex.Message);
        Assert.Empty(tokens.Requests);
        Assert.Single(registry.Requests);
    }

    [Fact]
    public async Task InProcess_token_service_on_the_registry_host_and_another_port_is_trusted_through_its_ca_file()
    {
        using var cert = TestCertificates.CreateServer(_ca);
        await using var tokens = await StartTokenServiceAsync(cert);
        await using var registry = await StartRegistryAsync(cert, () => tokens.Port, "127.0.0.1");
        using var repo = Open(registry);

        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());

        Assert.Single(tokens.Requests);
        Assert.Equal(BasicValue(User, Password), tokens.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task InProcess_token_service_on_another_host_is_trusted_when_SSL_CERT_FILE_names_its_ca()
    {
        using var cert = TestCertificates.CreateServer(_ca);
        await using var tokens = await StartTokenServiceAsync(cert);
        await using var registry = await StartRegistryAsync(cert, () => tokens.Port, "localhost");
        var environment = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = WriteCaPem(_dir, _ca, "env-ca.pem") });
        using var repo = Open(registry, environment);

        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());

        Assert.Single(tokens.Requests);
    }
}
