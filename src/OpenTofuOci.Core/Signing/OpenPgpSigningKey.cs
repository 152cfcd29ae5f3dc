using Org.BouncyCastle.Bcpg.OpenPgp;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// One key of a certificate (the primary key or a subkey) as a candidate signer: its validity as
/// read from the self-signatures, and why it cannot sign when it cannot (<see cref="Unusable"/>).
/// </summary>
internal sealed record OpenPgpSigningKey(PgpPublicKey Key, string KeyId, string Fingerprint, bool IsSubkey, DateTimeOffset? Expires, bool Revoked, string? Unusable);
