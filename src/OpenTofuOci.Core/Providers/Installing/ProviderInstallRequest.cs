using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>One provider to install or lock, with the versions it may have.</summary>
/// <param name="Address">The provider.</param>
/// <param name="Constraint">Allowed versions; recorded as the lock file's <c>constraints</c> when not empty.</param>
public sealed record ProviderRequirement(ProviderAddress Address, VersionConstraint Constraint)
{
    /// <summary>Any version of <paramref name="address"/>.</summary>
    public static ProviderRequirement AnyVersion(ProviderAddress address) => new(address, VersionConstraint.Any);
}

/// <summary>How installed packages are laid out in the destination (docs/opentofu-compatibility.md §2.5).</summary>
public enum PackageLayout
{
    /// <summary><c>HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/</c>, extracted: a filesystem mirror or plugin cache.</summary>
    Unpacked,

    /// <summary><c>HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>: a packed filesystem mirror.</summary>
    Packed,
}

/// <summary>
/// What an install and a lock share: which providers, for which platforms, and how the work is run.
/// <see cref="ProviderInstallRequest"/> adds where and how to install, <see cref="ProviderLockRequest"/> the lock file.
/// </summary>
public abstract class ProviderPackageRequest
{
    /// <summary>The providers, each with its version constraint.</summary>
    public required IReadOnlyList<ProviderRequirement> Providers { get; init; }

    /// <summary>Platforms to install or record; empty means the running system's (<see cref="ProviderPlatforms.Current"/>).</summary>
    public IReadOnlyList<ProviderPlatform> Platforms { get; init; } = [];

    /// <summary>Packages downloaded at once (1–64, default 4).</summary>
    public int MaxParallelDownloads { get; init; } = 4;

    /// <summary>
    /// How long to wait for another process (<c>tofu init</c> or tofu-oci) that holds a package's lock
    /// (<c>PackageBusy</c>, install only) or the lock file's (<c>LockFileBusy</c>). Default 10 minutes.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = LockFileUpdater.DefaultTimeout;

    /// <summary>
    /// Use a version only when a signed provenance artifact refers to its index, its signature verifies and
    /// every package is the one its signed checksum list names; lock then also records <c>zh:</c> for every
    /// platform that list names (docs/opentofu-compatibility.md §9.6). Off by default: nothing changes.
    /// </summary>
    public bool RequireProvenance { get; init; }

    /// <summary>
    /// OpenPGP public key files (armored or binary); with <see cref="RequireProvenance"/>, the only keys a
    /// provenance signature may come from. Empty: the key stored in the artifact is used.
    /// </summary>
    public IReadOnlyList<string> TrustedKeyFiles { get; init; } = [];
}

/// <summary>What <see cref="ProviderInstaller.InstallAsync"/> installs, where and how.</summary>
public sealed class ProviderInstallRequest : ProviderPackageRequest
{
    /// <summary>The filesystem mirror or plugin cache directory; created when missing.</summary>
    public required string Destination { get; init; }

    /// <summary>Unpacked directories (default) or packed zips.</summary>
    public PackageLayout Layout { get; init; } = PackageLayout.Unpacked;

    /// <summary>Replace an existing package that differs from the mirror's instead of failing with <c>PackageMismatch</c>.</summary>
    public bool Force { get; init; }

    /// <summary>A <c>.terraform.lock.hcl</c> to honour and update; null to neither check nor record hashes.</summary>
    public string? LockFilePath { get; init; }
}

/// <summary>What <see cref="ProviderLocker.LockAsync"/> records.</summary>
public sealed class ProviderLockRequest : ProviderPackageRequest
{
    /// <summary>The <c>.terraform.lock.hcl</c> to update (created when missing).</summary>
    public required string LockFilePath { get; init; }
}
