using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Repairs what is safe and content-preserving among an audit's findings (docs/opentofu-compatibility.md §12):
/// re-pushes an index with the right <c>artifactType</c> and re-tags; never changes a package's bytes.
/// </summary>
/// <remarks>
/// Each repair first checks that the tag still points where the audit saw it, so a mirror changed since the audit
/// is never "repaired" on stale facts, and never moves a tag that holds something else. The first repair that
/// fails stops the run with <see cref="ErrorIds.AuditFixFailed"/>; repairs already made stay (each is whole on its own).
/// </remarks>
public static class AuditFixer
{
    /// <summary>
    /// Repairs each <see cref="AuditFinding.Fixable"/> finding in <paramref name="findings"/> on <paramref name="target"/>;
    /// <paramref name="shouldProcess"/> is asked before each change (false: report it as planned only).
    /// </summary>
    public static async Task<IReadOnlyList<AuditFix>> FixAsync(ITarget target, IReadOnlyList<AuditFinding> findings, Func<AuditFix, bool> shouldProcess, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(shouldProcess);
        cancellationToken.ThrowIfCancellationRequested();
        var fixes = new List<AuditFix>();
        var repairedTags = new HashSet<string?>(StringComparer.Ordinal);
        foreach (var finding in findings.Where(f => f.Fixable).OrderBy(f => f.Rule == AuditRules.WrongManifestArtifactType))
        {
            switch (finding.Rule)
            {
                // One index can carry several of these (its own artifactType, its entries'); it is re-pushed once.
                case AuditRules.IndexMissingArtifactType or AuditRules.WrongIndexArtifactType or AuditRules.WrongManifestArtifactType:
                    if (repairedTags.Add(finding.Tag))
                    {
                        fixes.Add(await RepairIndexAsync(target, finding, shouldProcess, cancellationToken).ConfigureAwait(false));
                    }

                    break;
                case AuditRules.UnparsableVersionTag or AuditRules.NonCanonicalVersionTag:
                    fixes.Add(await AddCanonicalTagAsync(target, finding, shouldProcess, cancellationToken).ConfigureAwait(false));
                    break;
            }
        }

        return fixes;
    }

    // The index as our publisher writes it (canonical JSON), with mediaType and artifactType stated and each entry's
    // artifactType copied from its own manifest where it was dropped; entries, subject and annotations otherwise kept,
    // so the platform manifests and packages are untouched.
    private static async Task<AuditFix> RepairIndexAsync(ITarget target, AuditFinding finding, Func<AuditFix, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var tag = TagOf(target, finding);
        // Entry findings name the entry, not the index; only index findings can tell whether the tag moved.
        var current = await CurrentAsync(target, tag, finding.Rule == AuditRules.WrongManifestArtifactType ? finding with { Digest = null } : finding, cancellationToken).ConfigureAwait(false);
        byte[] bytes;
        ImageIndex index;
        try
        {
            bytes = await ContentReader.ReadManifestAsync(target, current, $"{target.DisplayName}:{tag}", cancellationToken).ConfigureAwait(false);
            index = OciJson.ReadIndex(bytes, $"{target.DisplayName}:{tag}");
        }
        catch (TofuOciException ex)
        {
            throw Failed(target, tag, $"its index {current.Digest} cannot be read ({ex.Message})", ex);
        }

        var entries = new List<Descriptor>();
        foreach (var entry in index.Manifests ?? [])
        {
            entries.Add(string.IsNullOrEmpty(entry.ArtifactType) && entry.MediaType == MediaTypes.ImageManifest
                ? entry with { ArtifactType = await ManifestArtifactTypeAsync(target, entry, tag, cancellationToken).ConfigureAwait(false) }
                : entry);
        }

        var repaired = OciJson.Write(index with { MediaType = MediaTypes.ImageIndex, ArtifactType = MediaTypes.OpenTofuProvider, Manifests = entries });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageIndex, repaired, MediaTypes.OpenTofuProvider);
        var fix = new AuditFix(finding,
            $"Re-push the index {current.Digest} of {target.DisplayName}:{tag} with artifactType \"{MediaTypes.OpenTofuProvider}\" as {descriptor.Digest} and move the tag {tag} to it (the platform manifests and packages are unchanged).",
            Applied: false, descriptor.Digest);
        if (!shouldProcess(fix))
        {
            return fix;
        }

        try
        {
            using var content = new MemoryStream(repaired, writable: false);
            await target.PushAsync(descriptor, content, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            throw Failed(target, tag, $"pushing the repaired index {descriptor.Digest} failed: {ex.Message}", ex);
        }

        return fix with { Applied = true };
    }

    // §8.2, §8.3: the same index under the tag OpenTofu looks up; the old tag stays, as someone may use it.
    private static async Task<AuditFix> AddCanonicalTagAsync(ITarget target, AuditFinding finding, Func<AuditFix, bool> shouldProcess, CancellationToken cancellationToken)
    {
        var tag = TagOf(target, finding);
        var canonical = CanonicalTag(tag)
            ?? throw Failed(target, tag, "no version can be read from it", null);
        var current = await CurrentAsync(target, tag, finding, cancellationToken).ConfigureAwait(false);
        Descriptor? existing;
        try
        {
            existing = await target.ResolveAsync(canonical, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            existing = null;
        }

        if (existing is not null && existing.Digest != current.Digest)
        {
            throw Failed(target, tag, $"the tag {canonical} exists already and holds {existing.Digest}; it is not moved", null);
        }

        var fix = new AuditFix(finding,
            $"Tag the index {current.Digest} of {target.DisplayName}:{UntrustedText.Escape(tag)} also as {canonical}, the tag OpenTofu looks the version up under (the tag {UntrustedText.Escape(tag)} stays).",
            Applied: false, null);
        if (existing is not null || !shouldProcess(fix))
        {
            return fix;
        }

        try
        {
            await target.TagAsync(current, canonical, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            throw Failed(target, tag, $"tagging {current.Digest} as {canonical} failed: {ex.Message}", ex);
        }

        return fix with { Applied = true };
    }

    private static async Task<string?> ManifestArtifactTypeAsync(ITarget target, Descriptor entry, string tag, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await ContentReader.ReadManifestAsync(target, entry, $"{target.DisplayName}@{entry.Digest}", cancellationToken).ConfigureAwait(false);
            var artifactType = OciJson.ReadTypes(bytes).ArtifactType;
            return string.IsNullOrEmpty(artifactType) ? null : artifactType;
        }
        catch (TofuOciException ex)
        {
            throw Failed(target, tag, $"its entry {entry.Digest} cannot be read ({ex.Message})", ex);
        }
    }

    /// <summary>The tag OpenTofu would read <paramref name="tag"/>'s version under: <c>v1.2.3</c> → <c>1.2.3</c>, <c>1.0</c> → <c>1.0.0</c>.</summary>
    public static string? CanonicalTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (ProviderVersion.TryParseTag(tag, out var version))
        {
            return version!.ToTag();
        }

        return tag.Length > 1 && tag[0] is 'v' or 'V' && ProviderVersion.TryParseTag(tag[1..], out var meant) ? meant!.ToTag() : null;
    }

    private static string TagOf(ITarget target, AuditFinding finding) =>
        finding.Tag ?? throw Failed(target, "(none)", $"the finding {finding.Rule} names no tag", null);

    private static async Task<Descriptor> CurrentAsync(ITarget target, string tag, AuditFinding finding, CancellationToken cancellationToken)
    {
        Descriptor current;
        try
        {
            current = await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            throw Failed(target, tag, $"it cannot be resolved any more ({ex.Message})", ex);
        }

        if (finding.Digest is not null && current.Digest != finding.Digest)
        {
            throw Failed(target, tag, $"it points at {current.Digest} now, not at {finding.Digest} as during the audit; audit again before repairing", null);
        }

        return current;
    }

    private static TofuOciException Failed(ITarget target, string tag, string cause, Exception? inner) =>
        new(ErrorIds.AuditFixFailed, inner is TofuOciException { Kind: var kind } ? kind : ErrorKind.InvalidOperation,
            $"Could not repair the tag {UntrustedText.Escape(tag)} in {target.DisplayName}: {cause}. Nothing else was changed for it.",
            $"{target.DisplayName}:{tag}", inner);
}
