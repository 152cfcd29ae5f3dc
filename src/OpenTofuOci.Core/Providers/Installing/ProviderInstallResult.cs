namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>What happened to one package.</summary>
public enum PackageInstallStatus
{
    /// <summary>The package was not there and was installed.</summary>
    Installed,

    /// <summary>An identical package was already there; nothing was written.</summary>
    AlreadyPresent,

    /// <summary>A different package was there and was replaced (only with <c>Force</c>).</summary>
    Replaced,
}

/// <summary>
/// One provider package with the hashes a lock file records for it: what an install
/// (<see cref="InstalledProviderPackage"/>) and a lock (<see cref="LockedProviderPackage"/>) both report.
/// </summary>
/// <param name="Address">The provider.</param>
/// <param name="Version">The version.</param>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="H1">The package's <c>h1:</c> (docs/opentofu-compatibility.md §2.2).</param>
/// <param name="Zh"><c>zh:</c> of the zip, the layer digest's hex.</param>
public abstract record HashedProviderPackage(ProviderAddress Address, ProviderVersion Version, ProviderPlatform Platform, string H1, string Zh);

/// <summary>One installed (or found identical) provider package.</summary>
/// <param name="Address">The provider.</param>
/// <param name="Version">The version installed.</param>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="Path">The package directory (unpacked) or zip file (packed).</param>
/// <param name="H1"><c>h1:</c> of the installed directory (unpacked) or of the zip (packed), docs/opentofu-compatibility.md §2.2.</param>
/// <param name="Zh"><c>zh:</c> of the zip, the layer digest's hex.</param>
/// <param name="Status">Installed, already present or replaced.</param>
public sealed record InstalledProviderPackage(
    ProviderAddress Address,
    ProviderVersion Version,
    ProviderPlatform Platform,
    string Path,
    string H1,
    string Zh,
    PackageInstallStatus Status) : HashedProviderPackage(Address, Version, Platform, H1, Zh);

/// <summary>The outcome of <see cref="ProviderInstaller.InstallAsync"/>.</summary>
/// <param name="Packages">
/// Every package that is in the destination afterwards (installed, already present or replaced), in
/// the order asked. A provider that failed for one platform may still have its other platforms here.
/// </param>
/// <param name="LockFilePath">The lock file asked for (updated for the providers that succeeded), or null when none was asked for.</param>
public sealed record ProviderInstallResult(IReadOnlyList<InstalledProviderPackage> Packages, string? LockFilePath)
{
    /// <summary>The providers that failed, one entry each, in the order asked; empty when all succeeded.</summary>
    public IReadOnlyList<ProviderFailure> Failures { get; init; } = [];
}

/// <summary>The hashes recorded for one provider package without installing it.</summary>
/// <param name="Address">The provider.</param>
/// <param name="Version">The version locked.</param>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="H1"><c>h1:</c> of the zip (Go's <c>HashZip</c>).</param>
/// <param name="Zh"><c>zh:</c> of the zip.</param>
public sealed record LockedProviderPackage(ProviderAddress Address, ProviderVersion Version, ProviderPlatform Platform, string H1, string Zh)
    : HashedProviderPackage(Address, Version, Platform, H1, Zh);

/// <summary>The outcome of <see cref="ProviderLocker.LockAsync"/>.</summary>
/// <param name="Packages">One entry per platform of every provider that succeeded (and so was recorded), in the order asked.</param>
/// <param name="LockFilePath">The lock file, updated for the providers that succeeded (untouched when none did).</param>
public sealed record ProviderLockResult(IReadOnlyList<LockedProviderPackage> Packages, string LockFilePath)
{
    /// <summary>The providers that failed, one entry each, in the order asked; empty when all succeeded.</summary>
    public IReadOnlyList<ProviderFailure> Failures { get; init; } = [];
}
