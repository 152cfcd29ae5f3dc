namespace OpenTofuOci.Core.Errors;

/// <summary>
/// Stable error identifiers. They never contain variable text, so scripts can match on them
/// (they become the PowerShell <c>FullyQualifiedErrorId</c> prefix and the CLI's JSON <c>errorId</c>).
/// </summary>
public static class ErrorIds
{
    public const string NotFound = nameof(NotFound);
    public const string Unauthorized = nameof(Unauthorized);
    public const string Denied = nameof(Denied);
    public const string DigestMismatch = nameof(DigestMismatch);
    public const string SizeMismatch = nameof(SizeMismatch);
    public const string ManifestTooLarge = nameof(ManifestTooLarge);
    public const string InvalidReference = nameof(InvalidReference);
    public const string InvalidDigest = nameof(InvalidDigest);
    public const string UnsupportedDigestAlgorithm = nameof(UnsupportedDigestAlgorithm);
    public const string UnsupportedMediaType = nameof(UnsupportedMediaType);
    public const string InvalidManifest = nameof(InvalidManifest);
    public const string RegistryError = nameof(RegistryError);
    public const string ConnectionFailed = nameof(ConnectionFailed);
    public const string TooManyRequests = nameof(TooManyRequests);
    public const string Unsupported = nameof(Unsupported);
    public const string InvalidLayout = nameof(InvalidLayout);
    /// <summary>Another process kept a layout's index.json locked for too long.</summary>
    public const string LayoutBusy = nameof(LayoutBusy);
    public const string InsecureTransport = nameof(InsecureTransport);
    public const string Cancelled = nameof(Cancelled);
    public const string InvalidArgument = nameof(InvalidArgument);

    // --- Providers (addresses, versions, repository templates, selection; spec/opentofu-compat.md §1, §6) ---
    public const string InvalidProviderAddress = nameof(InvalidProviderAddress);
    public const string InvalidProviderPattern = nameof(InvalidProviderPattern);
    public const string InvalidVersionConstraint = nameof(InvalidVersionConstraint);
    public const string InvalidRepositoryTemplate = nameof(InvalidRepositoryTemplate);
    public const string UnsupportedTemplateExpression = nameof(UnsupportedTemplateExpression);
    public const string InvalidRepositoryAddress = nameof(InvalidRepositoryAddress);
    public const string ProviderNotFound = nameof(ProviderNotFound);
    public const string NoMatchingVersion = nameof(NoMatchingVersion);
    public const string NotAProviderIndex = nameof(NotAProviderIndex);
    public const string PlatformNotSupported = nameof(PlatformNotSupported);
    public const string AmbiguousPlatform = nameof(AmbiguousPlatform);
    public const string NoZipLayer = nameof(NoZipLayer);
    public const string AmbiguousZipLayer = nameof(AmbiguousZipLayer);
}
