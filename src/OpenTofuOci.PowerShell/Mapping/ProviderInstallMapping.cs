using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps the parameters of <c>Install-TofuProvider</c> and <c>Update-TofuLockFile</c> to Core requests.</summary>
internal static class ProviderInstallMapping
{
    /// <param name="source">Where the providers are read from.</param>
    /// <param name="providers">-Source with -Version.</param>
    /// <param name="platforms">-Platform (empty: this machine's).</param>
    /// <param name="destination">-Destination, already absolute.</param>
    /// <param name="packed">-Packed.</param>
    /// <param name="force">-Force.</param>
    /// <param name="lockFile">-LockFile, already absolute, or null.</param>
    public static ProviderInstallRequest CreateInstall(ProviderSourceRequest source, IReadOnlyList<ProviderRequirement> providers,
        IReadOnlyList<ProviderPlatform> platforms, string destination, bool packed, bool force, string? lockFile)
    {
        CheckOneRepositoryOneProvider(source, providers);
        return new ProviderInstallRequest
        {
            Providers = providers,
            Platforms = platforms,
            Destination = destination,
            Layout = packed ? PackageLayout.Packed : PackageLayout.Unpacked,
            Force = force,
            LockFilePath = lockFile,
        };
    }

    /// <summary>The same request for the providers -WhatIf/-Confirm allowed.</summary>
    public static ProviderInstallRequest WithProviders(ProviderInstallRequest request, IReadOnlyList<ProviderRequirement> providers) => new()
    {
        Providers = providers,
        Platforms = request.Platforms,
        Destination = request.Destination,
        Layout = request.Layout,
        Force = request.Force,
        LockFilePath = request.LockFilePath,
        MaxParallelDownloads = request.MaxParallelDownloads,
    };

    /// <param name="source">Where the providers are read from.</param>
    /// <param name="providers">-Source with -Version.</param>
    /// <param name="platforms">-Platform (empty: this machine's).</param>
    /// <param name="lockFile">-Path, already absolute.</param>
    public static ProviderLockRequest CreateLock(ProviderSourceRequest source, IReadOnlyList<ProviderRequirement> providers,
        IReadOnlyList<ProviderPlatform> platforms, string lockFile)
    {
        CheckOneRepositoryOneProvider(source, providers);
        return new ProviderLockRequest { Providers = providers, Platforms = platforms, LockFilePath = lockFile };
    }

    /// <summary>The same request for the providers -WhatIf/-Confirm allowed.</summary>
    public static ProviderLockRequest WithProviders(ProviderLockRequest request, IReadOnlyList<ProviderRequirement> providers) => new()
    {
        Providers = providers,
        Platforms = request.Platforms,
        LockFilePath = request.LockFilePath,
        MaxParallelDownloads = request.MaxParallelDownloads,
    };

    private static void CheckOneRepositoryOneProvider(ProviderSourceRequest source, IReadOnlyList<ProviderRequirement> providers)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(providers);
        if (source.Kind == ProviderSourceKind.Repository && providers.Count != 1)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"-Repository names the repository of one provider, but {providers.Count} addresses were given ({string.Join(", ", providers.Select(p => p.Address))}); " +
                "give them one at a time, or use -RepositoryTemplate or the CLI configuration.",
                source.Repository!.RepositoryText);
        }
    }
}
