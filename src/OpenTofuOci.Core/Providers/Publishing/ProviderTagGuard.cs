using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// Decides, before anything is written, what publishing a version's index would do to its tag:
/// an identical index is left alone, a different one is refused unless forced, because installed
/// lock files pin the old <c>zh:</c> hashes and would stop verifying.
/// </summary>
internal static class ProviderTagGuard
{
    public static async Task<(ProviderPublishStatus Status, string? Previous)> CheckAsync(IReadOnlyTarget target, string display, ProviderVersion version,
        string tag, string newDigest, bool force, CancellationToken cancellationToken)
    {
        var existing = await ExistingTag.DigestAsync(target, tag, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return (ProviderPublishStatus.Published, null);
        }

        if (existing == newDigest)
        {
            return (ProviderPublishStatus.Unchanged, null);
        }

        if (!force)
        {
            throw new TofuOciException(ErrorIds.ProviderVersionExists, ErrorKind.ResourceExists,
                $"Version {version} already exists in {display} (tag {tag} → {existing}) with different content than this release ({newDigest}). "
                + $"Lock files that recorded the old hashes would no longer verify; publish a new version, or replace it deliberately with {UserOption.Force}.",
                $"{display}:{tag}");
        }

        return (ProviderPublishStatus.Replaced, existing);
    }
}
