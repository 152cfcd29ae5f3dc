using System.Collections.Concurrent;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>Why a handshake was refused, as the certificate check saw it.</summary>
internal enum TlsRejectionReason
{
    Untrusted,
    NameMismatch,
    NoCertificate,
}

/// <summary>One refused server certificate: its subject, issuer and why.</summary>
internal sealed record TlsRejection(TlsRejectionReason Reason, string Subject, string Issuer, string Detail)
{
    /// <summary>When the certificate was refused; only a fresh refusal explains a failure.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// What the TLS callbacks of one handler saw, per host, so a failed handshake can be explained
/// (which certificate was refused and why, or that the server asked for a client certificate):
/// the exceptions SslStream raises do not say.
/// </summary>
public sealed class TlsDiagnostics
{
    private readonly ConcurrentDictionary<string, TlsRejection> _rejections = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _clientCertificateRequested = new(StringComparer.OrdinalIgnoreCase);

    internal TlsDiagnostics(bool hasClientCertificate) => HasClientCertificate = hasClientCertificate;

    /// <summary>True when a client certificate is configured for the registry.</summary>
    public bool HasClientCertificate { get; }

    internal void Rejected(string host, TlsRejection rejection) => _rejections[host] = rejection;

    internal void Accepted(string host) => _rejections.TryRemove(host, out _);

    internal void ClientCertificateRequested(string host) => _clientCertificateRequested[host] = true;

    /// <summary>
    /// The refusal recorded for <paramref name="host"/> in the last seconds, removed so that a later,
    /// different failure on the same host (another port, a plain-HTTP server) is not explained by it.
    /// </summary>
    internal TlsRejection? TakeRejection(string host) =>
        _rejections.TryRemove(host, out var r) && DateTimeOffset.UtcNow - r.At < TimeSpan.FromSeconds(30) ? r : null;

    internal bool WasClientCertificateRequested(string host) => _clientCertificateRequested.ContainsKey(host);
}
