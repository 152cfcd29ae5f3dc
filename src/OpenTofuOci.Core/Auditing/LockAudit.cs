using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Holds the mirror's packages against a dependency lock file entry the way <c>tofu init</c> does
/// (docs/opentofu-compatibility.md §2.1 step 2, §8.14): when the lock has any <c>h1:</c>/<c>zh:</c> hash for the
/// version, the package's <c>zh:</c> (its digest, known without downloading) must be one of them, or the install
/// fails before the download. The <c>h1:</c> of the content (deep only) tells whether the package is the locked
/// content under another zip, which needs a lock update rather than a new package.
/// </summary>
internal static class LockAudit
{
    /// <summary>The locked version, or null when the lock's version text is not one.</summary>
    public static ProviderVersion? LockedVersion(LockedProvider locked) =>
        ProviderVersion.TryParse(locked.Version, out var version) ? version : null;

    /// <summary>Adds <see cref="AuditRules.LockedVersionMissing"/> when no canonical tag holds the locked version.</summary>
    public static void CheckVersion(LockedProvider locked, IReadOnlyList<VersionTag> versions, ProviderAddress address, FindingScope scope)
    {
        var version = LockedVersion(locked);
        if (version is not null && versions.Any(v => v.IsCanonical && v.Version == version))
        {
            return;
        }

        scope.Error(AuditRules.LockedVersionMissing, null, null,
            version is null
                ? $"The lock file pins {address} to \"{UntrustedText.Escape(locked.Version)}\", which is not a version."
                : $"The lock file pins {address} {version}, but {scope.Repository} has no tag {version.ToTag()}, so tofu init cannot install it from this mirror.",
            version is null
                ? "Fix the lock file's version."
                : $"Publish or mirror {address} {version} into the mirror, or update the lock file to a version the mirror has.");
    }

    /// <summary>Checks one package; <paramref name="contentHashes"/> are its <c>h1:</c> hashes when it was downloaded (deep).</summary>
    public static void CheckPackage(LockedProvider locked, AuditedPackage package, IReadOnlyList<PackageHash>? contentHashes, ProviderAddress address, FindingScope scope)
    {
        var hashes = PackageHash.Preferred(locked.Hashes.Select(h => PackageHash.TryParse(h, out var parsed) ? parsed : default).Where(h => h.Scheme is not null));
        if (hashes.Count == 0 || hashes.Any(h => h.ToString() == package.ZipHash))
        {
            // No hashes: tofu init installs and records them. zh: listed: the download is then checked against the digest.
            return;
        }

        var platform = package.Platform.ToString();
        var zipHashes = hashes.Count(h => h.Scheme == PackageHash.ZipHashScheme);
        var h1Match = contentHashes?.FirstOrDefault(c => hashes.Contains(c));
        UserMessage fix = $"Record the mirror's hashes for {platform} in the lock file ({UserCommand.ProviderLock} against this mirror), after making sure its package is the one you mean to use.";
        if (h1Match is { Scheme: not null } same)
        {
            scope.Error(AuditRules.LockHashMismatch, platform, package.Layer.Digest,
                $"The {platform} package's content matches the lock file's {same}, but its {package.ZipHash} is not in the lock, and tofu init compares only zh: before downloading, so it refuses the package.",
                fix.Text);
        }
        else if (zipHashes > 0)
        {
            scope.Error(AuditRules.LockHashMismatch, platform, package.Layer.Digest,
                $"The {platform} package's {package.ZipHash} is none of the lock file's {zipHashes} zh: hashes for {address} {locked.Version}{(contentHashes is null ? string.Empty : ", and its content matches none of its h1: hashes")}; tofu init refuses it.",
                fix.Text);
        }
        else
        {
            scope.Error(AuditRules.LockHashMismatch, platform, package.Layer.Digest,
                $"The lock file has only h1: hashes for {address} {locked.Version}, and tofu init compares only zh: before downloading, so it refuses the {platform} package ({package.ZipHash}){(contentHashes is null ? string.Empty : ", whose content matches none of them either")}.",
                fix.Text);
        }
    }
}
