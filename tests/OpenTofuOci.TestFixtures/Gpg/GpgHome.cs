using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpenTofuOci.TestFixtures.Gpg;

/// <summary>
/// A throw-away GnuPG home driven by the real <c>gpg --batch</c>: make keys (RSA or Ed25519, with an
/// expiry, or made in the past so they have already expired), add signing subkeys, revoke keys and
/// subkeys, export public keys and make detached signatures. Keys have no passphrase. Dispose stops the
/// home's gpg-agent and deletes it.
/// <code>
/// using var gpg = GpgHome.Create();
/// var key = gpg.GenerateKey("Release Signer");
/// var sig = gpg.DetachSign(key, sha256Sums);             // armored; armor: false for binary
/// var armoredPublicKey = gpg.ExportPublicKey(key);       // what a registry lists in gpg_public_keys
/// </code>
/// Key generation takes a fraction of a second (Ed25519) to a few seconds (RSA): share a
/// <see cref="GpgHome"/> and its keys across the tests of a class through a class fixture.
/// </summary>
public sealed class GpgHome : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory;
    private int _keyCount;

    private GpgHome(TempDirectory directory) => _directory = directory;

    /// <summary>
    /// A new, empty home. Its path is short on purpose: gpg-agent keeps its sockets there and Unix
    /// socket paths are limited to about 100 characters.
    /// </summary>
    public static GpgHome Create()
    {
        var directory = new TempDirectory("gpg-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new GpgHome(directory);
    }

    /// <summary>The GNUPGHOME directory.</summary>
    public string Directory => _directory.Path;

    /// <summary>
    /// Makes a primary key that can sign, with user id <c>NAME &lt;keyN@example.test&gt;</c>.
    /// <paramref name="algorithm"/> is a gpg algorithm name (<c>rsa2048</c>, <c>rsa3072</c>, <c>ed25519</c>).
    /// <paramref name="expiresIn"/> counts from <paramref name="createdAt"/> (default now); a key made
    /// in the past with a short expiry has already expired.
    /// </summary>
    public GpgKey GenerateKey(string name, TimeSpan? expiresIn = null, string algorithm = "rsa2048", DateTimeOffset? createdAt = null)
    {
        var userId = $"{name} <key{Interlocked.Increment(ref _keyCount)}@example.test>";
        var args = new List<string>(TimeArguments(createdAt))
        {
            "--passphrase", "", "--quick-gen-key", userId, algorithm, "sign", Expiry(expiresIn),
        };
        Run(args);
        var fingerprints = Fingerprints(userId);
        return new GpgKey(userId, fingerprints[0], fingerprints[0]);
    }

    /// <summary>Adds a signing subkey to <paramref name="primary"/> (with a valid binding and back-signature) and returns it.</summary>
    public GpgKey AddSigningSubkey(GpgKey primary, string algorithm = "ed25519", TimeSpan? expiresIn = null, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var before = Fingerprints(primary.PrimaryFingerprint);
        var args = new List<string>(TimeArguments(createdAt))
        {
            "--passphrase", "", "--quick-add-key", primary.PrimaryFingerprint, algorithm, "sign", Expiry(expiresIn),
        };
        Run(args);
        var added = Fingerprints(primary.PrimaryFingerprint).Except(before, StringComparer.Ordinal).Single();
        return new GpgKey(primary.UserId, added, primary.PrimaryFingerprint);
    }

    /// <summary>
    /// A detached signature by exactly <paramref name="key"/> (a primary key or a subkey) over
    /// <paramref name="data"/>: armored (<c>-----BEGIN PGP SIGNATURE-----</c>) or binary.
    /// <paramref name="digest"/> picks the hash (<c>SHA256</c>, <c>SHA512</c>, <c>SHA1</c>, …);
    /// <paramref name="textMode"/> makes a canonical-text signature; <paramref name="signedAt"/> fakes the clock.
    /// </summary>
    public byte[] DetachSign(GpgKey key, byte[] data, bool armor = true, string digest = "SHA256", bool textMode = false, DateTimeOffset? signedAt = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var input = Path.Combine(Directory, "to-sign-" + Guid.NewGuid().ToString("N")[..8]);
        var output = input + ".sig";
        File.WriteAllBytes(input, data);
        try
        {
            var args = new List<string>(TimeArguments(signedAt))
            {
                "--passphrase", "", "--digest-algo", digest, "--local-user", key.Fingerprint + "!", "--output", output,
            };
            if (armor)
            {
                args.Add("--armor");
            }

            if (textMode)
            {
                args.Add("--textmode");
            }

            args.AddRange(["--detach-sign", input]);
            Run(args);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    /// <summary>The armored public key (primary key, user id, subkeys and any revocations) that <paramref name="key"/> belongs to.</summary>
    public string ExportPublicKey(GpgKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Encoding.ASCII.GetString(Run(["--armor", "--export", key.PrimaryFingerprint]));
    }

    /// <summary>The same public key in binary (transferable public key packets).</summary>
    public byte[] ExportPublicKeyBinary(GpgKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Run(["--export", key.PrimaryFingerprint]);
    }

    /// <summary>
    /// Revokes <paramref name="key"/>: a primary key by importing the revocation certificate gpg made
    /// with it, a subkey through a scripted <c>--edit-key</c> (<c>key N</c>, <c>revkey</c>). Sign
    /// before revoking: gpg refuses to sign with a revoked key.
    /// </summary>
    public void Revoke(GpgKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.IsSubkey)
        {
            // gpg writes the certificate with a leading ':' on the armor line so it is not imported by accident.
            var certificate = File.ReadAllText(Path.Combine(Directory, "openpgp-revocs.d", key.Fingerprint + ".rev"))
                .Replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal);
            Run(["--import"], Encoding.ASCII.GetBytes(certificate));
            return;
        }

        var subkeys = Fingerprints(key.PrimaryFingerprint).Skip(1).ToList();
        var index = subkeys.IndexOf(key.Fingerprint) + 1;
        // Answers: select the subkey, revoke it, confirm, reason 0 (none), empty description, confirm, save.
        var script = $"key {index.ToString(CultureInfo.InvariantCulture)}\nrevkey\ny\n0\n\ny\nsave\n";
        Run(["--passphrase", "", "--command-fd", "0", "--edit-key", key.PrimaryFingerprint], Encoding.ASCII.GetBytes(script));
    }

    /// <summary>
    /// gpg's own verdict on <paramref name="signature"/> over <paramref name="data"/> (from the
    /// <c>VALIDSIG</c> status line), or null when gpg does not find it good: the signing (sub)key's
    /// fingerprint, the signature's time and the primary key's fingerprint.
    /// </summary>
    public GpgSignatureStatus? Verify(byte[] data, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var name = Path.Combine(Directory, "to-verify-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(name, data);
        File.WriteAllBytes(name + ".sig", signature);
        try
        {
            string status;
            try
            {
                status = Encoding.UTF8.GetString(Run(["--status-fd", "1", "--verify", name + ".sig", name]));
            }
            catch (InvalidOperationException)
            {
                return null;
            }

            var fields = status.Split('\n').FirstOrDefault(l => l.StartsWith("[GNUPG:] VALIDSIG ", StringComparison.Ordinal))?.Split(' ');
            return fields is null ? null : new GpgSignatureStatus(fields[2], DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[4], CultureInfo.InvariantCulture)), fields[11]);
        }
        finally
        {
            File.Delete(name);
            File.Delete(name + ".sig");
        }
    }

    /// <summary>
    /// The fingerprints gpg lists for <paramref name="keySpec"/>: the primary key first, then its
    /// subkeys (from <c>--with-colons --list-keys</c>).
    /// </summary>
    public IReadOnlyList<string> Fingerprints(string keySpec)
    {
        var listing = Encoding.UTF8.GetString(Run(["--with-colons", "--list-keys", keySpec]));
        return listing.Split('\n')
            .Where(line => line.StartsWith("fpr:", StringComparison.Ordinal))
            .Select(line => line.Split(':')[9])
            .ToList();
    }

    /// <summary>Runs <c>gpg --batch</c> in this home with <paramref name="args"/>; returns stdout, throws with stderr on failure.</summary>
    public byte[] Run(IReadOnlyList<string> args, byte[]? input = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var psi = new ProcessStartInfo("gpg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["GNUPGHOME"] = Directory;
        foreach (var arg in (string[])["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", .. args])
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("gpg did not start; install gnupg");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gpg {string.Join(' ', args)} did not finish in {CommandTimeout}.");
        }

        copy.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed ({process.ExitCode}): {error.GetAwaiter().GetResult()}");
        }

        return output.ToArray();
    }

    /// <summary>Stops this home's gpg-agent (it outlives gpg otherwise) and deletes the home.</summary>
    public void Dispose()
    {
        try
        {
            var psi = new ProcessStartInfo("gpgconf") { ArgumentList = { "--kill", "gpg-agent" }, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.Environment["GNUPGHOME"] = Directory;
            using var process = Process.Start(psi);
            process?.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No gpgconf: nothing was started either.
        }

        _directory.Dispose();
    }

    private static string Expiry(TimeSpan? expiresIn) =>
        expiresIn is { } span ? "seconds=" + ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "never";

    private static IEnumerable<string> TimeArguments(DateTimeOffset? at) =>
        at is { } time ? ["--faked-system-time", time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "!"] : [];
}

/// <summary>What gpg says about a good signature: who signed (the subkey, for a subkey signature), when, and the primary key.</summary>
public sealed record GpgSignatureStatus(string SigningFingerprint, DateTimeOffset SignedAt, string PrimaryFingerprint);

/// <summary>
/// A key in a <see cref="GpgHome"/>: <see cref="Fingerprint"/> is this key's (a subkey's own, for a
/// subkey), <see cref="PrimaryFingerprint"/> the primary key's; <see cref="KeyId"/> is the 64-bit id in
/// 16 upper-case hex digits as gpg prints it (the last 16 digits of the fingerprint).
/// </summary>
public sealed record GpgKey(string UserId, string Fingerprint, string PrimaryFingerprint)
{
    public string KeyId => Fingerprint[^16..];

    public string PrimaryKeyId => PrimaryFingerprint[^16..];

    public bool IsSubkey => !string.Equals(Fingerprint, PrimaryFingerprint, StringComparison.Ordinal);
}
