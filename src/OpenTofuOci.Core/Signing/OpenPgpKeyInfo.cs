namespace OpenTofuOci.Core.Signing;

/// <summary>What a signature report says about a key (docs/opentofu-compatibility.md §9.5).</summary>
/// <param name="KeyId">The 64-bit key id in 16 upper-case hex digits, as OpenTofu prints it.</param>
/// <param name="Fingerprint">The full fingerprint in upper-case hex.</param>
/// <param name="UserId">The primary user id, if any (untrusted text: escape before printing).</param>
/// <param name="Created">When the key was made.</param>
/// <param name="Expires">When it expires, or null.</param>
/// <param name="Revoked">True when the key carries a revocation signature.</param>
/// <param name="Armored">The public key (primary key, user ids, subkeys) as one armored block.</param>
public sealed record OpenPgpKeyInfo(string KeyId, string Fingerprint, string? UserId, DateTimeOffset Created, DateTimeOffset? Expires, bool Revoked, string Armored);
