using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Reads small verified content (manifests) fully into memory.</summary>
public static class ContentReader
{
    /// <summary>
    /// Fetches a manifest and returns its bytes only after size and digest are verified.
    /// Refuses manifests OpenTofu would refuse to read (docs/opentofu-compatibility.md §1.4). A manifest
    /// whose bytes arrive changed is fetched again (<see cref="ContentRetry"/>).
    /// </summary>
    public static async Task<byte[]> ReadManifestAsync(IContentFetcher fetcher, Descriptor descriptor, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Size < 0)
        {
            throw new TofuOciException(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
                $"Manifest {descriptor.Digest} in {source} is listed with a negative size ({descriptor.Size}); whatever lists it is malformed. Republish the artifact.",
                descriptor.Digest);
        }

        if (ManifestLimits.ExceedsReadLimit(descriptor.Size))
        {
            throw new TofuOciException(ErrorIds.ManifestTooLarge, ErrorKind.InvalidData,
                $"Manifest {descriptor.Digest} in {source} is {descriptor.Size} bytes, above OpenTofu's limit of 4 MiB; OpenTofu would refuse it too. Publish a smaller manifest.",
                descriptor.Digest);
        }

        var buffer = new byte[descriptor.Size];
        await ContentRetry.ReadAsync(fetcher, descriptor, async (stream, _, token) =>
        {
            var filled = 0;
            while (true)
            {
                // Read one byte beyond the end through the verifying stream so it checks the whole body.
                var n = filled < buffer.Length
                    ? await stream.ReadAsync(buffer.AsMemory(filled), token).ConfigureAwait(false)
                    : await stream.ReadAsync(new byte[1], token).ConfigureAwait(false);
                if (n == 0)
                {
                    return filled;
                }

                filled += n;
            }
        }, cancellationToken).ConfigureAwait(false);

        return buffer;
    }
}
