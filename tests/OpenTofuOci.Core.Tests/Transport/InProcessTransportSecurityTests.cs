using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>
/// In-process HTTP(S) servers for what a real registry will not do on demand: redirects from https to
/// http or to another host, Set-Cookie, a plain-http token realm on another host, a certificate for
/// another name. Targets are opened through <see cref="TargetFactory"/> with the handlers it builds.
/// </summary>
public sealed class InProcessTransportSecurityTests : IDisposable
{
    private const string User = "carol";
    private const string Password = "cookie-Pa55";
    private static readonly byte[] Content = RandomBytes(2048);
    private static readonly Descriptor Desc = Blob(Content);

    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("inprocess-ca");
    private readonly TempDirectory _dir = new("tofuoci-inproc-tls-");

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private RemoteRepository OpenTls(string authority, ICredentialProvider? credentials = null, List<string>? log = null, TransportEnvironment? environment = null) =>
        (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{authority}/{Repo}"), new TargetOptions
        {
            Credentials = credentials ?? AnonymousCredentialProvider.Instance,
            Transport = new RegistryTransportSettings { AllRegistries = new TlsSettings { CaFile = WriteCaPem(_dir, _ca) }, Environment = environment ?? EmptyEnvironment },
            Log = log is null ? null : line => { lock (log) { log.Add(line); } },
        });

    [Fact]
    public async Task InProcess_https_registry_redirecting_a_blob_to_plain_http_is_refused()
    {
        await using var storage = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Content, "application/octet-stream"));
        using var cert = TestCertificates.CreateServer(_ca);
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.Location = $"{storage.BaseUrl}/bucket/blob?sig=1";
            return WriteAsync(ctx, 307);
        }, cert);
        using var repo = OpenTls(registry.Authority);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));

        Assert.Equal(ErrorIds.InsecureRedirect, ex.ErrorId);
        Assert.Equal(
            $"GET https://{registry.Authority}/v2/{Repo}/blobs/{Desc.Digest} was redirected from HTTPS to plain HTTP ({storage.BaseUrl}/bucket/blob); the redirect was not followed. " +
            $"Ask the operators of {registry.Authority} to redirect to https; plain HTTP is used only for registries you name with the plain HTTP option.", ex.Message);
        Assert.Empty(storage.Requests);
    }

    [Fact]
    public async Task InProcess_cross_host_redirect_over_tls_drops_authorization_and_cookies()
    {
        using var cert = TestCertificates.CreateServer(_ca);
        await using var storage = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.SetCookie = "storage-session=s2; Path=/";
            return WriteAsync(ctx, 200, Content, "application/octet-stream");
        }, cert);
        var expected = BasicValue(User, Password);
        await using var registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            ctx.Response.Headers.SetCookie = "registry-session=r1; Path=/";
            if (r.Header("Authorization") != expected)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"r\"";
                return WriteAsync(ctx, 401);
            }

            // "localhost" is another origin than 127.0.0.1 for the same certificate.
            ctx.Response.Headers.Location = $"https://localhost:{storage.Port}/bucket/blob?X-Signature=sig";
            return WriteAsync(ctx, 307);
        }, cert);
        // The CA file is trusted for the registry's host only; the storage host's CA comes from SSL_CERT_FILE.
        var environment = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = WriteCaPem(_dir, _ca, "env-ca.pem") });
        using var repo = OpenTls(registry.Authority, new StaticCredentialProvider(registry.Authority, RegistryCredential.Basic(User, Password, "test")), environment: environment);

        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(Desc)));
        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(Desc)));

        Assert.Equal(3, registry.Requests.Count);
        Assert.All(registry.Requests, r => Assert.Null(r.Header("Cookie")));
        Assert.Equal([null, expected, expected], registry.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(2, storage.Requests.Count);
        Assert.All(storage.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("Cookie"));
            Assert.Equal("?X-Signature=sig", r.Query);
        });
    }

    [Fact]
    public async Task InProcess_set_cookie_on_a_plain_http_registry_is_never_sent_back()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.SetCookie = "tracking=t1; Path=/";
            return WriteAsync(ctx, 200, Content, "application/octet-stream");
        });
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{registry.Authority}/{Repo}"),
            new TargetOptions { PlainHttpRegistries = new HashSet<string> { registry.Authority } });

        await ReadAllAsync(await repo.FetchAsync(Desc));
        await ReadAllAsync(await repo.FetchAsync(Desc));

        Assert.Equal(2, registry.Requests.Count);
        Assert.All(registry.Requests, r => Assert.Null(r.Header("Cookie")));
    }

    [Fact]
    public async Task InProcess_plain_http_token_realm_on_another_host_gets_no_password_and_a_typed_error()
    {
        using var cert = TestCertificates.CreateServer(_ca);
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"http://auth.example.invalid/token?x=1\",service=\"svc\"";
            return WriteAsync(ctx, 401);
        }, cert);
        using var repo = OpenTls(registry.Authority, new StaticCredentialProvider(registry.Authority, RegistryCredential.Basic(User, Password, "test")));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));

        Assert.Equal(ErrorIds.InsecureTokenRealm, ex.ErrorId);
        Assert.Equal(
            $"{registry.Authority} sent its token service as http://auth.example.invalid/token, which is plain HTTP on a host that is not this machine; the credentials were not sent there. " +
            "Ask the registry's operators to serve the token realm auth.example.invalid over https, or use an access token instead of a password.", ex.Message);
        Assert.Single(registry.Requests);
    }

    [Fact]
    public async Task InProcess_certificate_for_another_name_is_refused_even_with_its_ca_trusted()
    {
        using var cert = CreateServerFor(_ca, "registry.example.com");
        await using var registry = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Content, "application/octet-stream"), cert);
        using var repo = OpenTls(registry.Authority);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));

        Assert.Equal(ErrorIds.CertificateNameMismatch, ex.ErrorId);
        Assert.StartsWith($"The TLS certificate of registry {registry.Authority} (GET https://{registry.Authority}/v2/{Repo}/blobs/{Desc.Digest}) is not valid for the name 127.0.0.1: " +
            "subject \"CN=registry.example.com\", issuer \"CN=inprocess-ca\".", ex.Message);
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task InProcess_skip_verify_does_not_extend_to_a_host_the_registry_redirects_to()
    {
        using var selfSigned = TestCertificates.CreateServer(_ca);
        using var otherCa = TestCertificates.CreateCa("storage-ca");
        using var storageCert = TestCertificates.CreateServer(otherCa);
        await using var storage = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Content, "application/octet-stream"), storageCert);
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.Location = $"https://localhost:{storage.Port}/bucket/blob";
            return WriteAsync(ctx, 307);
        }, selfSigned);
        var warnings = new List<string>();
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{registry.Authority}/{Repo}"), new TargetOptions
        {
            Transport = new RegistryTransportSettings
            {
                Registries = new Dictionary<string, TlsSettings> { [registry.Authority] = new() { SkipVerify = true } },
                Environment = EmptyEnvironment,
            },
            Warning = warnings.Add,
        });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
        Assert.StartsWith($"The TLS certificate of localhost:{storage.Port} (reached from registry {registry.Authority}) is not trusted", ex.Message);
        Assert.Single(registry.Requests);
        Assert.Empty(storage.Requests);
        Assert.Equal([TargetFactory.SkipVerifyWarning(registry.Authority)], warnings);
    }

    private static X509Certificate2 CreateServerFor(X509Certificate2 ca, string dnsName)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(6), RandomNumberGenerator.GetBytes(12));
        return cert.CopyWithPrivateKey(key);
    }
}
