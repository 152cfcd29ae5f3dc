using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// A provider an install or lock could not complete, and why. The other providers of the call went
/// on; this one is not recorded in the lock file.
/// </summary>
/// <param name="Address">The provider.</param>
/// <param name="Error">
/// The failure, with its stable id: a refusal while choosing the version and packages
/// (<c>ProviderNotFound</c>, <c>NoMatchingVersion</c>, <c>PlatformNotSupported</c>,
/// <c>LockedChecksumMismatch</c>, …) or the first package of the provider that failed, in platform
/// order (<c>DigestMismatch</c>, <c>PackageMismatch</c>, <c>UnsafeArchiveEntry</c>, <c>PackageBusy</c>, …).
/// </param>
public sealed record ProviderFailure(ProviderAddress Address, TofuOciException Error);
