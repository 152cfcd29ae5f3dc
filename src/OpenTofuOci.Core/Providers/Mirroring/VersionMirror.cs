using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// One version through the mirror (docs/opentofu-compatibility.md §9.7): read, verify the signature,
/// download and check every package, publish, add provenance. Any failure throws before the version's
/// tag is written.
/// </summary>
internal sealed class VersionMirror(ProviderMirrorRequest request, IProviderReleaseSource source, OpenPgpKeyRing? trusted, string display)
{
    internal const string Unsigned = "unsigned";

    public sealed record Outcome(IReadOnlyList<ProviderMirrorItem> Items, long BytesUploaded);

    private sealed record Downloaded(SourcePackage Package, string Path, string Sha256Hex);

    public async Task<Outcome> RunAsync(ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken)
    {
        request.Progress?.Report(new ProviderMirrorProgress(version, null, ProviderMirrorStep.Reading, 0));
        var release = await source.GetReleaseAsync(request.Provider, version, platforms, cancellationToken).ConfigureAwait(false);

        // The signature is checked before any package is downloaded: a release it does not vouch for costs nothing more.
        string signedBy;
        SignatureVerification? signature = null;
        IReadOnlyDictionary<string, string>? sums = null;
        if (release.Checksums is { } checksums)
        {
            signature = ReleaseVerification.VerifySignature(checksums, trusted, source.DisplayName);
            signedBy = signature.Signer.KeyId;
            sums = ReleaseChecksums.ParseStrict(checksums.Content, (number, line) => DamagedChecksumLine(checksums.Location, number, line));
            foreach (var package in release.Packages)
            {
                ReleaseVerification.CheckListed(package, sums, checksums);
            }
        }
        else if (request.AllowUnsigned)
        {
            signedBy = Unsigned;
        }
        else
        {
            throw UnsignedRelease(version);
        }

        using var temp = PrivateTempDirectory.Create();
        var downloads = await DownloadAsync(release, temp, cancellationToken).ConfigureAwait(false);
        foreach (var d in downloads)
        {
            if (release.Checksums is { } signed)
            {
                ReleaseVerification.CheckSigned(d.Package, d.Sha256Hex, sums!, signed);
            }
            else
            {
                await ReleaseVerification.CheckHashesAsync(d.Package, d.Path, d.Sha256Hex, source.DisplayName, cancellationToken).ConfigureAwait(false);
            }

            request.Progress?.Report(new ProviderMirrorProgress(version, d.Package.Platform, ProviderMirrorStep.Verified, 0));
        }

        request.Progress?.Report(new ProviderMirrorProgress(version, null, ProviderMirrorStep.Publishing, 0));
        var published = await PublishAsync(version, downloads, temp, cancellationToken).ConfigureAwait(false);
        var checksumsName = release.Checksums?.FileName ?? ChecksumsName(version);
        var provenance = new ProviderProvenance
        {
            ChecksumsFileName = checksumsName,
            Checksums = release.Checksums?.Content ?? ReleaseChecksums.Write(downloads.Select(d => KeyValuePair.Create(d.Package.FileName, d.Sha256Hex))),
            Signature = release.Checksums?.Signature,
            SigningKey = signature?.Signer.Armored,
            Source = release.Checksums?.Location ?? source.DisplayName,
            SourceKind = KindName(source.Kind),
        };
        var (manifest, pushed) = await AddProvenanceAsync(published, provenance, cancellationToken).ConfigureAwait(false);
        var status = published.Status == ProviderPublishStatus.Unchanged && !pushed ? ProviderMirrorStatus.AlreadyPresent : ProviderMirrorStatus.Published;
        request.Progress?.Report(new ProviderMirrorProgress(version, null, ProviderMirrorStep.Done, 0));
        var items = downloads.Select(d => new ProviderMirrorItem(version, d.Package.Platform, d.Package.Location, "sha256:" + d.Sha256Hex,
            published.IndexDigest, signedBy, manifest.Digest, status, null)).ToList();
        return new Outcome(items, published.BytesUploaded);
    }

    private async Task<List<Downloaded>> DownloadAsync(SourceRelease release, PrivateTempDirectory temp, CancellationToken cancellationToken)
    {
        var results = new Downloaded[release.Packages.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, release.Packages.Count), parallel, async (i, ct) =>
        {
            var package = release.Packages[i];
            // The canonical name: the scanner reads type, version and platform from it, and it becomes the layer title.
            var name = $"terraform-provider-{request.Provider.Type}_{release.Version}_{package.Platform}.zip";
            var path = temp.Combine(name);
            // A source does not say how big a package is: the total is known, and reported, once the download ends.
            IProgress<long>? progress = request.Progress is { } sink
                ? new Progress(bytes => sink.Report(Downloading(release.Version, package.Platform, name, new TransferProgress(bytes, 0, 0, 1, name))))
                : null;
            var file = LocalFileStream.CreateNew(path);
            await using (file.ConfigureAwait(false))
            {
                using var hashing = new HashingWriteStream(file, progress);
                await source.DownloadAsync(package, hashing, null, ct).ConfigureAwait(false);
                await hashing.FlushAsync(ct).ConfigureAwait(false);
                results[i] = new Downloaded(package, path, hashing.Sha256Hex());
                request.Progress?.Report(Downloading(release.Version, package.Platform, name, new TransferProgress(hashing.Written, hashing.Written, 1, 1, name)));
            }
        }).ConfigureAwait(false);
        return [.. results];
    }

    // Published as provider publish would publish the same zips: the same scanner and publisher, so the same digests.
    private async Task<ProviderPublishResult> PublishAsync(ProviderVersion version, IReadOnlyList<Downloaded> downloads, PrivateTempDirectory temp, CancellationToken cancellationToken)
    {
        // The digests were computed while downloading and checked against the source; the checksum file hands them to
        // the scanner, and the publisher checks each zip again while uploading it.
        var sumsPath = temp.Combine(ChecksumsName(version));
        await File.WriteAllBytesAsync(sumsPath, ReleaseChecksums.Write(downloads.Select(d => KeyValuePair.Create(Path.GetFileName(d.Path), d.Sha256Hex))), cancellationToken).ConfigureAwait(false);
        var files = downloads.Select(d => ProviderReleaseFile.FromPath(d.Path)).Append(ProviderReleaseFile.FromPath(sumsPath)).ToList();
        var publish = new ProviderPublishRequest
        {
            Files = files,
            Version = version.ToString(),
            Target = request.Target,
            TargetDisplay = display,
            MaxParallelism = request.MaxParallelism,
        };
        var uploads = request.Progress is { } sink
            ? new PackageUploadProgress(sink, version, downloads.Select(d => new PackageUploadProgress.Package(d.Package.Platform, Path.GetFileName(d.Path), "sha256:" + d.Sha256Hex, new FileInfo(d.Path).Length)))
            : null;
        var result = await ProviderPublisher.PublishAsync(publish, uploads, cancellationToken).ConfigureAwait(false);
        uploads?.Complete();
        return result;
    }

    private static ProviderMirrorProgress Downloading(ProviderVersion version, ProviderPlatform platform, string name, TransferProgress transfer) =>
        new(version, platform, ProviderMirrorStep.Downloading, transfer.BytesDone) { FileName = name, Transfer = transfer };

    // An unchanged version whose provenance is already there gets nothing new, so a re-run uploads nothing.
    private async Task<(Descriptor Manifest, bool Pushed)> AddProvenanceAsync(ProviderPublishResult published, ProviderProvenance provenance, CancellationToken cancellationToken)
    {
        if (published.Status == ProviderPublishStatus.Unchanged)
        {
            foreach (var stored in await ProvenanceStore.FindAsync(request.Target, published.Index, cancellationToken).ConfigureAwait(false))
            {
                if (Same(stored.Provenance, provenance))
                {
                    return (stored.Manifest, false);
                }
            }
        }

        return (await ProvenanceStore.PushAsync(request.Target, published.Index, provenance, cancellationToken).ConfigureAwait(false), true);
    }

    private static bool Same(ProviderProvenance a, ProviderProvenance b) =>
        a.ChecksumsFileName == b.ChecksumsFileName && a.Checksums.AsSpan().SequenceEqual(b.Checksums)
        && (a.Signature ?? []).AsSpan().SequenceEqual(b.Signature ?? []) && a.SourceKind == b.SourceKind && a.Source == b.Source;

    private TofuOciException UnsignedRelease(ProviderVersion version)
    {
        // Typed one branch at a time: a conditional of two interpolated strings would be a plain string and lose the option's spelling.
        UserMessage message;
        if (source.Kind == ProviderSourceKind.Registry)
        {
            message = $"{request.Provider} {version} at {UntrustedText.Escape(source.DisplayName)} has no signed checksum list (SHA256SUMS and signature), so where its packages come from cannot be verified; nothing of this version was published. Mirror it anyway, with its hashes checked and the provenance recording that it was unsigned, with {UserOption.AllowUnsigned}.";
        }
        else
        {
            message = $"{UntrustedText.Escape(source.DisplayName)} is a {KindText(source.Kind)}, whose releases carry no signature; {request.Provider} {version} was not published. Mirror it with its zh:/h1: hashes checked and the provenance recording that it was unsigned with {UserOption.AllowUnsigned}, or mirror from the origin registry to keep its signature.";
        }

        return new TofuOciException(ErrorIds.UnsignedRelease, ErrorKind.InvalidData, message, $"{request.Provider} {version}");
    }

    // A checksum list from a source being checked: a damaged line is the source's fault, not the user's.
    private static TofuOciException DamagedChecksumLine(string location, int lineNumber, string line) =>
        new(ErrorIds.InvalidSourceResponse, ErrorKind.InvalidData,
            $"{UntrustedText.Escape(location)} line {lineNumber} is not \"<sha256 hex>  <file name>\": \"{UntrustedText.Escape(line.Length > 120 ? line[..120] + "…" : line)}\". The release's checksum list is damaged; ask the registry's operator.",
            location);

    internal static string ChecksumsName(ProviderVersion version, string type) => $"terraform-provider-{type}_{version}_SHA256SUMS";

    private string ChecksumsName(ProviderVersion version) => ChecksumsName(version, request.Provider.Type);

    internal static string KindName(ProviderSourceKind kind) => kind switch
    {
        ProviderSourceKind.Registry => "registry",
        ProviderSourceKind.NetworkMirror => "network-mirror",
        _ => "directory",
    };

    private static string KindText(ProviderSourceKind kind) => kind == ProviderSourceKind.NetworkMirror
        ? "provider network mirror"
        : "directory written by tofu providers mirror";

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
