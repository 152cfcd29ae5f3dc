using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>An HTTP handler for one registry's TLS configuration and what its callbacks observed.</summary>
public sealed record RegistryHandler(HttpMessageHandler Handler, TlsDiagnostics Diagnostics);

/// <summary>
/// Builds one <see cref="SocketsHttpHandler"/> per distinct TLS configuration and keeps it for the
/// life of the process (connections are pooled across commands). Every handler: no automatic
/// redirects (the client follows them itself so <c>Authorization</c> stays on the registry's
/// origin), no cookies, no decompression. Server certificates are checked against the system's roots,
/// or against exactly the roots <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c> name when set (as Go does);
/// the registry's own host is also checked against its CA file with
/// <see cref="X509ChainTrustMode.CustomRootTrust"/>. Every connection's own target host decides: a token
/// service or redirect target on another host never gains the registry's CA file, client certificate or
/// skipped verification. The host name must always match.
/// </summary>
public static class RegistryHandlers
{
    private static readonly ConcurrentDictionary<string, RegistryHandler> Cache = new(StringComparer.Ordinal);

    /// <summary>The handler for <paramref name="registry"/> (host[:port]) under <paramref name="settings"/>; reads and checks the certificate files.</summary>
    public static RegistryHandler For(string registry, TlsSettings settings, TransportEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = HostOf(registry);
        var material = TlsMaterial.Load(settings, environment);
        // One handler per registry (host and port): what its TLS callbacks record then explains only
        // this registry's failures, even when another registry on the same host fails at the same time.
        var key = material.Key(host) + "|registry=" + registry.ToLowerInvariant();
        if (Cache.TryGetValue(key, out var existing))
        {
            material.Release();
            return existing;
        }

        var created = Create(host, material);
        var stored = Cache.GetOrAdd(key, created);
        if (!ReferenceEquals(stored, created))
        {
            created.Handler.Dispose();
            material.Release();
        }

        return stored;
    }

    /// <summary>The host of host[:port], without IPv6 brackets, as SslStream names its target.</summary>
    internal static string HostOf(string registry)
    {
        var uri = new Uri("https://" + registry + "/");
        return uri.Host.Trim('[', ']');
    }

    private static RegistryHandler Create(string host, TlsMaterial material)
    {
        var diagnostics = new TlsDiagnostics(material.ClientCertificate is not null);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            Validate(host, material, diagnostics, TargetHost(sender), certificate, chain, errors);
        var client = material.ClientCertificate;
        handler.SslOptions.LocalCertificateSelectionCallback = (_, targetHost, _, remote, _) =>
        {
            // Called when the server sends a certificate request (and on some platforms before the
            // handshake, without a remote certificate): only the former counts as "asked for".
            var ours = string.Equals(targetHost, host, StringComparison.OrdinalIgnoreCase);
            if (remote is not null)
            {
                diagnostics.ClientCertificateRequested(targetHost);
            }

            // The client certificate identifies the user to the registry only, never to a redirect target.
            return ours ? client! : null!;
        };
        return new RegistryHandler(handler, diagnostics);
    }

    private static string TargetHost(object sender) => sender is SslStream ssl ? ssl.TargetHostName : string.Empty;

    private static bool Validate(string host, TlsMaterial material, TlsDiagnostics diagnostics, string targetHost,
        X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var ours = string.Equals(targetHost, host, StringComparison.OrdinalIgnoreCase);
        if (material.SkipVerify && ours)
        {
            diagnostics.Accepted(targetHost);
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            diagnostics.Rejected(targetHost, new TlsRejection(TlsRejectionReason.NoCertificate, string.Empty, string.Empty, "no certificate was sent"));
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            diagnostics.Rejected(targetHost, new TlsRejection(TlsRejectionReason.NameMismatch, leaf.Subject, leaf.Issuer, "it is not issued for " + targetHost));
            return false;
        }

        // The platform's verdict counts only while the environment does not replace its roots.
        if (errors == SslPolicyErrors.None && material.EnvironmentRoots is null)
        {
            diagnostics.Accepted(targetHost);
            return true;
        }

        var roots = new X509Certificate2Collection();
        roots.AddRange(material.EnvironmentRoots ?? []);
        if (ours)
        {
            roots.AddRange(material.RegistryRoots);
        }

        string detail;
        if (roots.Count > 0)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                // Intermediates the server sent.
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (custom.Build(leaf))
            {
                diagnostics.Accepted(targetHost);
                return true;
            }

            detail = Describe(custom);
        }
        else
        {
            detail = chain is null || material.EnvironmentRoots is not null ? "it is not issued by a trusted CA" : Describe(chain);
        }

        diagnostics.Rejected(targetHost, new TlsRejection(TlsRejectionReason.Untrusted, leaf.Subject, leaf.Issuer, detail));
        return false;
    }

    /// <summary>Why a chain failed, in words that do not depend on the platform's chain engine.</summary>
    private static string Describe(X509Chain chain)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var reasons = new List<string>();
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            reasons.Add("it is not issued by a trusted CA");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            reasons.Add("it or its issuer has expired or is not yet valid");
        }

        if ((flags & X509ChainStatusFlags.Revoked) != 0)
        {
            reasons.Add("it is revoked");
        }

        var other = flags & ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.Revoked);
        if (other != X509ChainStatusFlags.NoError || reasons.Count == 0)
        {
            reasons.Add("chain status " + other);
        }

        return string.Join("; ", reasons);
    }
}
