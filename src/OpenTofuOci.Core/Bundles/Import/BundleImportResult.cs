using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>What happened to one item of a bundle.</summary>
public enum BundleImportStatus
{
    /// <summary>Pushed; the tag now points at it.</summary>
    Imported,
    /// <summary>The repository already had it under the same digest; nothing was uploaded.</summary>
    AlreadyPresent,
    /// <summary>The tag held different content and was moved (forced).</summary>
    Replaced,
    /// <summary>It could not be imported; <see cref="BundleImportItem.Error"/> says why.</summary>
    Failed,
}

/// <summary>What kind of item.</summary>
public enum BundleItemKind
{
    Provider,
    Module,
}

/// <summary>One provider version or module of an import.</summary>
/// <param name="Kind">Provider or module.</param>
/// <param name="Subject">The provider address, or the module's original source.</param>
/// <param name="Version">The provider version, or the module's tag (null for a module pinned only by digest).</param>
/// <param name="Repository">Where it went, <c>host/repo</c>.</param>
/// <param name="Digest">The index (provider) or manifest (module) digest.</param>
/// <param name="NewSource">For a module, the <c>oci://</c> source that names it in the internal registry.</param>
/// <param name="Status">What happened.</param>
/// <param name="BytesUploaded">Bytes sent for it.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record BundleImportItem(BundleItemKind Kind, string Subject, string? Version, string Repository, string Digest, string? NewSource,
    BundleImportStatus Status, long BytesUploaded, TofuOciException? Error);

/// <summary>The outcome of <see cref="BundleImporter.ImportAsync"/>.</summary>
/// <param name="BundleDigest">The bundle manifest's digest.</param>
/// <param name="Items">Providers (by address and version), then modules (by source).</param>
/// <param name="Tofurc">The <c>provider_installation</c> block for the consumer's CLI configuration.</param>
/// <param name="LockFile">The bundled providers' lock entries (what was merged into the lock file, if one was given).</param>
/// <param name="ModuleSources">Old module source → new source.</param>
/// <param name="Warnings">What the user should know (a plain-HTTP registry <c>tofu</c> cannot use).</param>
/// <param name="TofurcPath">The file the block was written to, or null.</param>
/// <param name="LockFilePath">The lock file written, or null.</param>
public sealed record BundleImportResult(string BundleDigest, IReadOnlyList<BundleImportItem> Items, string Tofurc, DependencyLockFile LockFile,
    IReadOnlyDictionary<string, string> ModuleSources, IReadOnlyList<string> Warnings, string? TofurcPath, string? LockFilePath)
{
    /// <summary>Bytes sent in all.</summary>
    public long BytesUploaded => Items.Sum(i => i.BytesUploaded);

    /// <summary>A <see cref="ErrorIds.BundleIncomplete"/> error naming the failed items, or null when every item was imported.</summary>
    public TofuOciException? Incomplete
    {
        get
        {
            var failed = Items.Where(i => i.Status == BundleImportStatus.Failed).ToList();
            return failed.Count == 0 ? null : new TofuOciException(ErrorIds.BundleIncomplete, ErrorKind.InvalidOperation,
                $"{failed.Count} of {Items.Count} bundle items could not be imported ({string.Join(", ", failed.Select(f => $"{f.Subject} {f.Version}".TrimEnd()))}); each has its own error above. Nothing was written for the CLI configuration or the lock file. Fix the cause and import again: what is there already is skipped.");
        }
    }
}
