using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps the parameters of <c>Install-TofuProvider</c> and <c>Update-TofuLockFile</c> to Core requests.</summary>
internal static class ProviderInstallMapping
{
    /// <param name="providers">-Source with -Version.</param>
    /// <param name="platforms">-Platform (empty: this machine's).</param>
    /// <param name="destination">-Destination, already absolute; null for the CLI configuration's plugin cache (an empty <see cref="ProviderInstallRequest.Destination"/> until <see cref="PluginCacheDestination"/> fills it).</param>
    /// <param name="packed">-Packed.</param>
    /// <param name="force">-Force.</param>
    /// <param name="lockFile">-LockFile, already absolute, or null.</param>
    /// <param name="requireProvenance">-RequireProvenance.</param>
    /// <param name="trustedKeys">-TrustedKey, already absolute.</param>
    public static ProviderInstallRequest CreateInstall(IReadOnlyList<ProviderRequirement> providers,
        IReadOnlyList<ProviderPlatform> platforms, string? destination, bool packed, bool force, string? lockFile,
        bool requireProvenance = false, IReadOnlyList<string>? trustedKeys = null) => new()
        {
            RequireProvenance = requireProvenance,
            TrustedKeyFiles = trustedKeys ?? [],
            Providers = providers,
            Platforms = platforms,
            Destination = destination ?? string.Empty,
            Layout = packed ? PackageLayout.Packed : PackageLayout.Unpacked,
            Force = force,
            LockFilePath = lockFile,
        };

    /// <summary>The destination as -WhatIf names it.</summary>
    public static string DestinationText(ProviderInstallRequest request) =>
        request.Destination.Length == 0 ? "the plugin cache directory of the OpenTofu CLI configuration (TF_PLUGIN_CACHE_DIR / plugin_cache_dir)" : request.Destination;

    /// <summary>
    /// The install directory when -Destination is not given: <c>TF_PLUGIN_CACHE_DIR</c>, else the CLI
    /// configuration's <c>plugin_cache_dir</c> (docs/opentofu-compatibility.md §10); an error naming both when neither is set.
    /// </summary>
    public static string PluginCacheDestination(CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return string.IsNullOrEmpty(config.PluginCacheDir)
            ? throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                "Say where to install with -Destination <directory>: TF_PLUGIN_CACHE_DIR is not set and the OpenTofu CLI configuration has no plugin_cache_dir to use instead.")
            : Path.GetFullPath(config.PluginCacheDir);
    }

    /// <summary>The same request with the destination resolved.</summary>
    public static ProviderInstallRequest WithDestination(ProviderInstallRequest request, string destination) => With(request, request.Providers, destination);

    /// <summary>The same request for the providers -WhatIf/-Confirm allowed.</summary>
    public static ProviderInstallRequest WithProviders(ProviderInstallRequest request, IReadOnlyList<ProviderRequirement> providers) => With(request, providers, request.Destination);

    private static ProviderInstallRequest With(ProviderInstallRequest request, IReadOnlyList<ProviderRequirement> providers, string destination) => new()
    {
        Providers = providers,
        Platforms = request.Platforms,
        Destination = destination,
        Layout = request.Layout,
        Force = request.Force,
        LockFilePath = request.LockFilePath,
        MaxParallelDownloads = request.MaxParallelDownloads,
        RequireProvenance = request.RequireProvenance,
        TrustedKeyFiles = request.TrustedKeyFiles,
    };

    /// <param name="providers">-Source with -Version.</param>
    /// <param name="platforms">-Platform (empty: this machine's).</param>
    /// <param name="lockFile">-Path, already absolute.</param>
    /// <param name="requireProvenance">-RequireProvenance.</param>
    /// <param name="trustedKeys">-TrustedKey, already absolute.</param>
    public static ProviderLockRequest CreateLock(IReadOnlyList<ProviderRequirement> providers, IReadOnlyList<ProviderPlatform> platforms, string lockFile,
        bool requireProvenance = false, IReadOnlyList<string>? trustedKeys = null) =>
        new() { Providers = providers, Platforms = platforms, LockFilePath = lockFile, RequireProvenance = requireProvenance, TrustedKeyFiles = trustedKeys ?? [] };

    /// <summary>The same request for the providers -WhatIf/-Confirm allowed.</summary>
    public static ProviderLockRequest WithProviders(ProviderLockRequest request, IReadOnlyList<ProviderRequirement> providers) => new()
    {
        Providers = providers,
        Platforms = request.Platforms,
        LockFilePath = request.LockFilePath,
        MaxParallelDownloads = request.MaxParallelDownloads,
        RequireProvenance = request.RequireProvenance,
        TrustedKeyFiles = request.TrustedKeyFiles,
    };
}
