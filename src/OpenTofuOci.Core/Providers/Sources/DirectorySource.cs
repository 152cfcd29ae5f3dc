using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// A directory in the layouts <c>tofu providers mirror</c> and filesystem mirrors use
/// (docs/opentofu-compatibility.md §9.3): packed (<c>HOST/NS/TYPE/index.json</c>, <c>VERSION.json</c> and the
/// zips beside them; without the JSON, the zips' names) and unpacked (<c>HOST/NS/TYPE/VERSION/OS_ARCH/</c>,
/// zipped deterministically on download, its <c>h1:</c> computed). Every path is resolved link by link and
/// must stay inside the directory.
/// </summary>
internal sealed class DirectorySource : IProviderReleaseSource
{
    private readonly string _root;

    public DirectorySource(ProviderSourceOptions options)
    {
        var location = options.Location
            ?? throw new ArgumentException("A directory source needs the directory's path as its location.", nameof(options));
        var info = new DirectoryInfo(Path.GetFullPath(location));
        if (!info.Exists)
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"The provider mirror directory \"{info.FullName}\" does not exist; give the directory tofu providers mirror wrote.", info.FullName);
        }

        _root = Path.TrimEndingDirectorySeparator(info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(true)!.FullName);
        DisplayName = info.FullName;
    }

    public string DisplayName { get; }

    public ProviderSourceKind Kind => ProviderSourceKind.Directory;

    private sealed record Candidate(ProviderPlatform Platform, string Path, bool Unpacked, IReadOnlyList<PackageHash> Hashes);

    public async Task<IReadOnlyList<SourceVersion>> ListVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var found = await ScanAsync(provider, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(p => p.Key).Select(p => new SourceVersion(p.Key, SourcePlatforms.Sort(p.Value.Keys), []))];
    }

    public async Task<SourceRelease> GetReleaseAsync(ProviderAddress provider, ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(platforms);
        var found = await ScanAsync(provider, cancellationToken).ConfigureAwait(false);
        if (!found.TryGetValue(version, out var candidates))
        {
            throw SourceErrors.NoVersion(provider, version, DisplayName, found.Keys.Order());
        }

        var packages = new List<SourcePackage>();
        foreach (var platform in SourcePlatforms.Sort(platforms.Distinct()))
        {
            var candidate = candidates.GetValueOrDefault(platform)
                ?? throw SourceErrors.NoPlatform(provider, version, platform, DisplayName, SourcePlatforms.Sort(candidates.Keys));
            var hashes = candidate.Hashes;
            if (candidate.Unpacked)
            {
                // Refuses links that leave the package before anything is hashed or zipped.
                DeterministicZipWriter.ListDirectory(candidate.Path);
                hashes = [await DirHash.HashDirectoryAsync(candidate.Path, cancellationToken).ConfigureAwait(false)];
            }

            packages.Add(new SourcePackage(platform, SourceUrls.PackageFileName(provider, version, platform), candidate.Path, null, hashes));
        }

        return new SourceRelease(provider, version, packages, null);
    }

    public async Task DownloadAsync(SourcePackage package, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(destination);
        var path = Inside(package.Location);
        var counting = new CountingWriteStream(destination, progress);
        if (Directory.Exists(path))
        {
            await DeterministicZipWriter.WriteDirectoryAsync(path, counting, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = LocalFileStream.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            await file.CopyToAsync(counting, 81920, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
    }

    private async Task<Dictionary<ProviderVersion, Dictionary<ProviderPlatform, Candidate>>> ScanAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        var directory = Resolve(_root, [provider.Hostname, provider.Namespace, provider.Type]);
        if (directory is null || !Directory.Exists(directory))
        {
            throw SourceErrors.ProviderNotFound(provider, DisplayName);
        }

        var found = new Dictionary<ProviderVersion, Dictionary<ProviderPlatform, Candidate>>();
        void Add(ProviderVersion version, Candidate candidate)
        {
            if (!found.TryGetValue(version, out var platforms))
            {
                found[version] = platforms = [];
            }

            platforms.TryAdd(candidate.Platform, candidate);
        }

        var index = Resolve(directory, ["index.json"]);
        if (index is not null && File.Exists(index))
        {
            foreach (var version in MirrorIndexReader.Versions(await ReadAsync(index, cancellationToken).ConfigureAwait(false)))
            {
                var versionFile = Resolve(directory, [version + ".json"]);
                if (versionFile is null || !File.Exists(versionFile))
                {
                    throw SourceErrors.Invalid(index, $"it lists version {version} but {Path.Combine(directory, version + ".json")} does not exist");
                }

                found[version] = [];
                foreach (var archive in MirrorIndexReader.Archives(await ReadAsync(versionFile, cancellationToken).ConfigureAwait(false)))
                {
                    Add(version, new Candidate(archive.Platform, ArchivePath(directory, versionFile, archive), false, archive.Hashes));
                }
            }
        }
        else
        {
            var prefix = $"terraform-provider-{provider.Type}_";
            foreach (var zip in Directory.EnumerateFiles(directory, prefix + "*.zip"))
            {
                var parts = Path.GetFileName(zip)[prefix.Length..^4].Split('_');
                if (parts.Length == 3 && ProviderVersion.TryParse(parts[0], out var version) && version is not null
                    && TryPlatform(parts[1] + "_" + parts[2], out var platform) && Resolve(directory, [Path.GetFileName(zip)]) is { } path)
                {
                    Add(version, new Candidate(platform, path, false, []));
                }
            }
        }

        foreach (var versionDirectory in Directory.EnumerateDirectories(directory))
        {
            if (!ProviderVersion.TryParse(Path.GetFileName(versionDirectory), out var version) || version is null)
            {
                continue;
            }

            var resolvedVersion = Resolve(directory, [Path.GetFileName(versionDirectory)])!;
            foreach (var platformDirectory in Directory.EnumerateDirectories(resolvedVersion))
            {
                if (TryPlatform(Path.GetFileName(platformDirectory), out var platform))
                {
                    Add(version, new Candidate(platform, Resolve(resolvedVersion, [Path.GetFileName(platformDirectory)])!, true, []));
                }
            }
        }

        if (found.Count == 0 && index is null)
        {
            throw SourceErrors.ProviderNotFound(provider, DisplayName);
        }

        return found;
    }

    private static bool TryPlatform(string text, out ProviderPlatform platform)
    {
        platform = null!;
        var parts = text.Split('_');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            return false;
        }

        platform = new ProviderPlatform(parts[0], parts[1]);
        return true;
    }

    /// <summary>A <c>VERSION.json</c> archive's <c>url</c>: a path relative to the JSON file, inside the directory.</summary>
    private string ArchivePath(string directory, string versionFile, MirrorIndexReader.Archive archive)
    {
        var relative = archive.Url.Replace('\\', '/');
        if (relative.Contains("://", StringComparison.Ordinal) || relative.StartsWith('/') || Path.IsPathRooted(relative))
        {
            throw SourceErrors.Invalid(versionFile, $"\"archives.{archive.Platform}.url\" is \"{UntrustedText.Escape(archive.Url)}\"; a mirror directory names its packages by paths relative to the JSON file");
        }

        var path = Resolve(directory, relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            ?? throw SourceErrors.Invalid(versionFile, $"\"archives.{archive.Platform}.url\" names {UntrustedText.Escape(archive.Url)}, which does not exist");
        return File.Exists(path) ? path : throw SourceErrors.Invalid(versionFile, $"\"archives.{archive.Platform}.url\" names {UntrustedText.Escape(archive.Url)}, which is not a file");
    }

    /// <summary>
    /// <paramref name="start"/> joined with <paramref name="parts"/>, every symbolic link on the way resolved and
    /// required to stay inside the directory; null when a part does not exist.
    /// </summary>
    private string? Resolve(string start, IEnumerable<string> parts)
    {
        var current = start;
        foreach (var part in parts)
        {
            if (part is "." or ".." || part.Length == 0 || part.IndexOfAny(['/', '\\']) >= 0)
            {
                throw Escape(Path.Combine(current, part), "it names a parent or current directory");
            }

            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(true);
                // A FileInfo of a link to a directory says it does not exist; ask both ways.
                if (target is null || !(File.Exists(target.FullName) || Directory.Exists(target.FullName)))
                {
                    throw Escape(next, "it is a broken symbolic link");
                }

                next = target.FullName;
                if (!IsInside(next))
                {
                    throw Escape(Path.Combine(current, part), $"it is a symbolic link to {next}, outside the mirror directory");
                }
            }
            else if (!info.Exists && !Directory.Exists(next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private string Inside(string path)
    {
        var full = Path.GetFullPath(path);
        if (!IsInside(full))
        {
            throw Escape(full, "it is outside the mirror directory");
        }

        var relative = Path.GetRelativePath(_root, full);
        return Resolve(_root, relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            ?? throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, $"The package \"{full}\" no longer exists in {DisplayName}.", full);
    }

    private bool IsInside(string path) =>
        string.Equals(path, _root, StringComparison.Ordinal) || path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private TofuOciException Escape(string path, string problem) =>
        new(ErrorIds.UnsafeSymlink, ErrorKind.InvalidData,
            $"\"{UntrustedText.Escape(path)}\" cannot be read from the provider mirror directory {DisplayName}: {problem}. Replace the link with the files it points to.",
            path);

    private static async Task<FetchedBody> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (info.Length > SourceLimits.Json)
        {
            throw SourceErrors.Invalid(path, $"it is larger than {SourceLimits.Describe(SourceLimits.Json)}, more than any index needs");
        }

        return new FetchedBody(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), new Uri(path));
    }
}
