using System.Security.Cryptography.X509Certificates;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>Helpers for the transport-security tests: certificate files and targets opened only through <see cref="TargetFactory"/>.</summary>
internal static class TransportTestKit
{
    /// <summary>An environment with no variables at all (so the machine's SSL_CERT_FILE never leaks in).</summary>
    public static TransportEnvironment EmptyEnvironment { get; } = TransportEnvironment.FromVariables(new Dictionary<string, string>());

    public static string UniqueRepo(string name) => $"tls/{name}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Writes the CA's certificate (only) as a PEM file in <paramref name="dir"/>.</summary>
    public static string WriteCaPem(TempDirectory dir, X509Certificate2 ca, string name = "ca.pem")
    {
        var path = dir.Combine(name);
        TestCertificates.WritePem(ca, path);
        return path;
    }

    /// <summary>Opens a repository of <paramref name="server"/> with <paramref name="tls"/> for every registry and no injected handler.</summary>
    public static RemoteRepository Open(RegistryServer server, string repository, TlsSettings tls, TransportEnvironment? environment = null,
        List<string>? warnings = null) =>
        (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{server.Address}/{repository}"), new TargetOptions
        {
            Transport = new RegistryTransportSettings { AllRegistries = tls, Environment = environment ?? EmptyEnvironment },
            Warning = warnings is null ? null : warnings.Add,
        });
}
