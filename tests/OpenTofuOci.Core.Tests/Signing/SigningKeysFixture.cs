using System.Text;
using OpenTofuOci.TestFixtures.Gpg;

namespace OpenTofuOci.Core.Tests.Signing;

/// <summary>
/// Keys and signatures made once by the real gpg for all signing tests: an RSA key, an Ed25519 key, a
/// key with a signing subkey, a key that expired in 2020, a revoked key, a key whose signing subkey is
/// revoked, and a stranger's key. Revoked keys sign before they are revoked (gpg refuses afterwards).
/// </summary>
public sealed class SigningKeysFixture : IDisposable
{
    public static readonly byte[] Data = Encoding.ASCII.GetBytes(
        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0  terraform-provider-hello_1.0.0_linux_amd64.zip\n");

    public static readonly DateTimeOffset ExpiredCreated = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SigningKeysFixture()
    {
        Gpg = GpgHome.Create();
        Rsa = Gpg.GenerateKey("Release Signer");
        Ed = Gpg.GenerateKey("Ed Signer", algorithm: "ed25519");
        WithSubkey = Gpg.GenerateKey("Subkey Owner", algorithm: "ed25519");
        Subkey = Gpg.AddSigningSubkey(WithSubkey);
        Expired = Gpg.GenerateKey("Expired Signer", TimeSpan.FromDays(1), "ed25519", ExpiredCreated);
        Revoked = Gpg.GenerateKey("Revoked Signer", algorithm: "ed25519");
        RevokedSubkeyOwner = Gpg.GenerateKey("Revoked Subkey Owner", algorithm: "ed25519");
        RevokedSubkey = Gpg.AddSigningSubkey(RevokedSubkeyOwner);
        Stranger = Gpg.GenerateKey("Stranger", algorithm: "ed25519");

        ExpiredSignature = Gpg.DetachSign(Expired, Data, signedAt: ExpiredCreated.AddHours(12));
        RevokedBeforeRevocation = Gpg.ExportPublicKey(Revoked);
        RevokedSignature = Gpg.DetachSign(Revoked, Data);
        Gpg.Revoke(Revoked);
        RevokedSubkeySignature = Gpg.DetachSign(RevokedSubkey, Data);
        Gpg.Revoke(RevokedSubkey);
    }

    public GpgHome Gpg { get; }

    public GpgKey Rsa { get; }

    public GpgKey Ed { get; }

    public GpgKey WithSubkey { get; }

    public GpgKey Subkey { get; }

    public GpgKey Expired { get; }

    public GpgKey Revoked { get; }

    public GpgKey RevokedSubkeyOwner { get; }

    public GpgKey RevokedSubkey { get; }

    public GpgKey Stranger { get; }

    public byte[] ExpiredSignature { get; }

    public byte[] RevokedSignature { get; }

    public byte[] RevokedSubkeySignature { get; }

    /// <summary>The revoked key as exported before its revocation.</summary>
    public string RevokedBeforeRevocation { get; }

    public byte[] PublicKey(GpgKey key) => Encoding.ASCII.GetBytes(Gpg.ExportPublicKey(key));

    public void Dispose() => Gpg.Dispose();
}
