using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// Splits the publisher's progress (all blobs of a version together, the one under way named by its digest)
/// into one <see cref="ProviderMirrorStep.Uploading"/> transfer per package (docs/opentofu-compatibility.md §9.7).
/// </summary>
/// <remarks>
/// The publisher's counter is shared by parallel uploads, so a report's growth is credited to the package it
/// names: close while uploads overlap, never past the package's size. <see cref="Complete"/> ends every package
/// not yet reported complete with its exact size, so each package's last report is exact, whether it was
/// uploaded or the target already held it.
/// </remarks>
internal sealed class PackageUploadProgress : IProgress<TransferProgress>
{
    internal sealed record Package(ProviderPlatform Platform, string FileName, string Digest, long Size);

    private readonly IProgress<ProviderMirrorProgress> _sink;
    private readonly ProviderVersion _version;
    private readonly Dictionary<string, Package> _byDigest;
    private readonly Dictionary<string, long> _done = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _last;

    public PackageUploadProgress(IProgress<ProviderMirrorProgress> sink, ProviderVersion version, IEnumerable<Package> packages)
    {
        _sink = sink;
        _version = version;
        _byDigest = packages.GroupBy(p => p.Digest, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public void Report(TransferProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var delta = value.BytesDone - _last;
            _last = value.BytesDone;
            if (value.Current is null || delta == 0 || !_byDigest.TryGetValue(value.Current, out var package) || _finished.Contains(package.Digest))
            {
                return;
            }

            var done = Math.Clamp(_done.GetValueOrDefault(package.Digest) + delta, 0, package.Size);
            _done[package.Digest] = done;
            Send(package, done);
        }
    }

    /// <summary>Reports every package not yet complete as complete; call once the version is published.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var package in _byDigest.Values.Where(p => !_finished.Contains(p.Digest)))
            {
                Send(package, package.Size);
            }
        }
    }

    private void Send(Package package, long done)
    {
        var complete = done == package.Size;
        if (complete)
        {
            _finished.Add(package.Digest);
        }

        _sink.Report(new ProviderMirrorProgress(_version, package.Platform, ProviderMirrorStep.Uploading, 0)
        {
            FileName = package.FileName,
            Transfer = new TransferProgress(done, package.Size, complete ? 1 : 0, 1, package.FileName),
        });
    }
}
