using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Checks a package on disk — a zip file or an unpacked directory — against hashes, as OpenTofu's
/// <c>PackageMatchesHash</c> and <c>HashesMatchingPackage</c> do (docs/opentofu-compatibility.md §2.2).
/// </summary>
public static class PackageHashing
{
    /// <summary>
    /// True when the package has <paramref name="hash"/>. <c>zh:</c> on a directory and unknown
    /// schemes are errors (<see cref="ErrorIds.Unsupported"/>) with OpenTofu's wording.
    /// </summary>
    public static async Task<bool> MatchesAsync(string location, PackageHash hash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var isDirectory = Directory.Exists(location);
        switch (hash.Scheme)
        {
            case PackageHash.H1Scheme:
                return await ComputeH1Async(location, isDirectory, cancellationToken).ConfigureAwait(false) == hash;
            case PackageHash.ZipHashScheme when isDirectory:
                throw new TofuOciException(ErrorIds.Unsupported, ErrorKind.InvalidArgument,
                    "ziphash scheme (\"zh:\" prefix) is not supported for unpacked provider packages; compare an h1: hash instead.", location);
            case PackageHash.ZipHashScheme:
                return await ZipHash.ComputeAsync(location, cancellationToken).ConfigureAwait(false) == hash;
            default:
                throw new TofuOciException(ErrorIds.Unsupported, ErrorKind.InvalidArgument,
                    $"unsupported hash format (this may require a newer version of OpenTofu): {hash}", location);
        }
    }

    /// <summary>
    /// The hashes of <paramref name="hashes"/> the package has, in input order. Each scheme is
    /// computed at most once; unknown schemes and <c>zh:</c> against a directory never match; a read
    /// error stops with that error.
    /// </summary>
    public static async Task<IReadOnlyList<PackageHash>> MatchingAsync(string location, IEnumerable<PackageHash> hashes,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentNullException.ThrowIfNull(hashes);
        var isDirectory = Directory.Exists(location);
        PackageHash? h1 = null;
        PackageHash? zh = null;
        var matching = new List<PackageHash>();
        foreach (var hash in hashes)
        {
            PackageHash? actual = hash.Scheme switch
            {
                PackageHash.H1Scheme => h1 ??= await ComputeH1Async(location, isDirectory, cancellationToken).ConfigureAwait(false),
                PackageHash.ZipHashScheme when !isDirectory => zh ??= await ZipHash.ComputeAsync(location, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (actual == hash)
            {
                matching.Add(hash);
            }
        }

        return matching;
    }

    private static Task<PackageHash> ComputeH1Async(string location, bool isDirectory, CancellationToken cancellationToken) =>
        isDirectory ? DirHash.HashDirectoryAsync(location, cancellationToken) : DirHash.HashZipAsync(location, cancellationToken);
}
