using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Auditing;

/// <summary>What a target holds under a descriptor's digest.</summary>
internal enum BlobState
{
    Present,
    Missing,
    SizeMismatch,
}

/// <summary>
/// Checks that blobs are stored with their descriptor's size, without downloading them (docs/opentofu-compatibility.md §12):
/// a <c>HEAD</c> through <see cref="IContentSizer"/> where the target has it, otherwise
/// <see cref="IContentChecker"/> and, when that says no, an open that tells "absent" from "another size".
/// At most <see cref="MaxConcurrentChecks"/> checks run at once per audit, so a large mirror is not flooded.
/// </summary>
internal sealed class BlobProbe(IReadOnlyTarget target) : IDisposable
{
    /// <summary>Checks in flight at once.</summary>
    public const int MaxConcurrentChecks = 8;

    private readonly SemaphoreSlim _gate = new(MaxConcurrentChecks);

    public async Task<(BlobState State, long? StoredSize)> CheckAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (target is IContentSizer sizer)
            {
                var size = await sizer.SizeAsync(descriptor, cancellationToken).ConfigureAwait(false);
                return size switch
                {
                    null => (BlobState.Missing, null),
                    var s when s == descriptor.Size => (BlobState.Present, s),
                    var s => (BlobState.SizeMismatch, s),
                };
            }

            if (await target.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
            {
                return (BlobState.Present, descriptor.Size);
            }

            // A layout answers "no" for a file of another size too; opening it tells the two apart.
            try
            {
                var stream = await target.FetchAsync(descriptor, cancellationToken).ConfigureAwait(false);
                await stream.DisposeAsync().ConfigureAwait(false);
                return (BlobState.SizeMismatch, null);
            }
            catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                return (BlobState.Missing, null);
            }
            catch (TofuOciException ex) when (ex.Code == ErrorCode.SizeMismatch)
            {
                return (BlobState.SizeMismatch, null);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds <see cref="AuditRules.BlobMissing"/> or <see cref="AuditRules.BlobSizeMismatch"/> for <paramref name="descriptor"/>; true when it is fine.</summary>
    public async Task<bool> ReportAsync(FindingScope scope, string? platform, Descriptor descriptor, string what, CancellationToken cancellationToken)
    {
        var (state, stored) = await CheckAsync(descriptor, cancellationToken).ConfigureAwait(false);
        switch (state)
        {
            case BlobState.Missing:
                scope.Error(AuditRules.BlobMissing, platform, descriptor.Digest,
                    $"{what} {descriptor.Digest} is not in {scope.Repository}.",
                    "Publish or mirror the version again so the blob is uploaded (the registry may have garbage-collected it, or the copy was incomplete).");
                return false;
            case BlobState.SizeMismatch:
                scope.Error(AuditRules.BlobSizeMismatch, platform, descriptor.Digest,
                    stored is { } s
                        ? $"{what} {descriptor.Digest} is stored with {s} bytes in {scope.Repository}, but its descriptor says {descriptor.Size}."
                        : $"{what} {descriptor.Digest} is stored in {scope.Repository} with another size than the {descriptor.Size} bytes its descriptor says.",
                    "The stored blob is damaged: delete it from the registry's storage and publish or mirror the version again.");
                return false;
            default:
                return true;
        }
    }

    public void Dispose() => _gate.Dispose();
}
