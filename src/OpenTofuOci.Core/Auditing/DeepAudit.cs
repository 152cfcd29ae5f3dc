using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// What the deep audit adds (docs/opentofu-compatibility.md §12): each zip is downloaded into a private temporary
/// directory, checked against its digest as it streams (§2.1 step 3), and read as a package with the rules
/// install uses (the executable at the top, §2.4; the safe extractor's limits and names, §2.6), which gives its
/// <c>h1:</c>. Nothing is kept.
/// </summary>
internal static class DeepAudit
{
    private const int BufferSize = 81920;

    /// <summary>The package's <c>h1:</c> hashes (of the extracted directory, as the lock records it, and of the zip, §8.15), or null when it is unusable.</summary>
    public static async Task<IReadOnlyList<PackageHash>?> CheckProviderAsync(IReadOnlyTarget target, ProviderAddress address, AuditedPackage package,
        FindingScope scope, CancellationToken cancellationToken)
    {
        var platform = package.Platform.ToString();
        using var temp = PrivateTempDirectory.Create();
        var zip = temp.Combine("package.zip");
        if (!await DownloadAsync(target, package.Layer, zip, $"The {platform} zip layer", platform, scope, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var prefix = "terraform-provider-" + address.Type;
        try
        {
            if (!HasTopLevelFile(zip, prefix, scope.Repository + "@" + package.Layer.Digest))
            {
                scope.Error(AuditRules.InvalidProviderPackage, platform, package.Layer.Digest,
                    $"The {platform} package {package.Layer.Digest} has no file named {prefix}* at the top of its zip, so OpenTofu would install it and then fail (\"provider binary not found\").",
                    "Publish the provider again with its executable at the root of the zip.");
                return null;
            }

            var extracted = await SafeZipExtractor.ExtractAsync(zip, temp.Combine("package"), ZipExtractionOptions.ForProviders with { ComputeH1 = true },
                cancellationToken).ConfigureAwait(false);
            var zipH1 = await DirHash.HashZipAsync(zip, cancellationToken).ConfigureAwait(false);
            return extracted.H1 is { } h1 ? [h1, zipH1] : [zipH1];
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            scope.Error(AuditRules.InvalidProviderPackage, platform, package.Layer.Digest,
                $"The {platform} package {package.Layer.Digest} is not a provider package install would accept: {ex.Message}",
                "Publish the provider again from a well-formed release zip.");
            return null;
        }
    }

    /// <summary>
    /// Downloads <paramref name="blob"/> to <paramref name="path"/>, verified while it streams; false (with the finding
    /// added) when it is missing, cut short or not the bytes its digest names.
    /// </summary>
    public static async Task<bool> DownloadAsync(IReadOnlyTarget target, Descriptor blob, string path, string what, string? platform, FindingScope scope,
        CancellationToken cancellationToken)
    {
        try
        {
            var fetched = await target.FetchAsync(blob, cancellationToken).ConfigureAwait(false);
            // The built-in targets verify; any other stream is wrapped so no target can hand back unverified bytes.
            var verified = VerifyingStream.WillVerify(fetched, blob) ? fetched : new VerifyingStream(fetched, blob, target.DisplayName);
            await using (verified.ConfigureAwait(false))
            {
                var file = LocalFileStream.CreateNew(path);
                await using (file.ConfigureAwait(false))
                {
                    await verified.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.DigestMismatch)
        {
            scope.Error(AuditRules.BlobDigestMismatch, platform, blob.Digest,
                $"{what} {blob.Digest} in {scope.Repository} does not hash to its digest: the stored bytes are damaged, and OpenTofu refuses them (\"provider package does not match digest\").",
                "Delete the damaged blob from the registry's storage and publish or mirror the version again.");
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.SizeMismatch)
        {
            scope.Error(AuditRules.BlobSizeMismatch, platform, blob.Digest,
                $"{what} {blob.Digest} in {scope.Repository} did not arrive with the {blob.Size} bytes its descriptor says: {ex.Message}",
                "Delete the damaged blob from the registry's storage and publish or mirror the version again.");
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            scope.Error(AuditRules.BlobMissing, platform, blob.Digest,
                $"{what} {blob.Digest} is not in {scope.Repository}.",
                "Publish or mirror the version again so the blob is uploaded.");
        }

        return false;
    }

    private static bool HasTopLevelFile(string zip, string prefix, string displayName)
    {
        using var file = File.OpenRead(zip);
        using var archive = ZipArchives.Open(file, displayName);
        return archive.Entries.Any(e => !e.FullName.Contains('/', StringComparison.Ordinal) && !e.FullName.Contains('\\', StringComparison.Ordinal)
            && e.FullName.StartsWith(prefix, StringComparison.Ordinal));
    }
}
