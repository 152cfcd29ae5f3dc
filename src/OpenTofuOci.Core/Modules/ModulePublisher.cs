using System.Globalization;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// Publishes a module directory as the package OpenTofu's <c>oci://</c> module getter reads
/// (docs/opentofu-compatibility.md §3.3): one image manifest with <c>artifactType</c>
/// <c>application/vnd.opentofu.modulepkg</c>, the empty config and one <c>archive/zip</c> layer titled with
/// the zip's file name, tagged with every tag asked for.
/// </summary>
/// <remarks>
/// The zip comes from <see cref="DeterministicZipWriter"/> and the manifest carries no timestamp unless the
/// caller gives one, so the same files (and annotations) always give the same manifest digest. Every tag
/// is resolved before anything is written: tags already on this package are left alone (all of them:
/// nothing is written), a tag on other content is refused unless <see cref="ModulePublishRequest.Force"/>.
/// Then blobs (skipping those present), the manifest under the first tag to write, then the other tags,
/// so a tag never points at something incomplete.
/// </remarks>
public static class ModulePublisher
{
    /// <summary>Packages and publishes the module; see <see cref="ModulePublishRequest"/>.</summary>
    public static async Task<ModulePublishResult> PublishAsync(ModulePublishRequest request, IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Target);
        var tags = CheckTags(request.Tags);
        var files = ListFiles(request);
        var fileName = FileName(request);

        using var scratch = PrivateTempDirectory.Create();
        var zipPath = scratch.Combine("module.zip");
        try
        {
            Descriptor layer;
            var zip = new FileStream(zipPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (zip.ConfigureAwait(false))
            {
                await DeterministicZipWriter.WriteAsync(files, zip, null, cancellationToken).ConfigureAwait(false);
                zip.Position = 0;
                var digest = await Digest.ComputeAsync(zip, null, cancellationToken).ConfigureAwait(false);
                layer = new Descriptor
                {
                    MediaType = MediaTypes.Zip,
                    Digest = digest.ToString(),
                    Size = zip.Length,
                    Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = fileName },
                };
            }

            var manifestBytes = OciJson.Write(new ImageManifest
            {
                ArtifactType = MediaTypes.OpenTofuModulePackage,
                Config = EmptyConfig.Descriptor,
                Layers = [layer],
                Annotations = Annotations(request),
            });
            var manifest = Descriptor.FromBytes(MediaTypes.ImageManifest, manifestBytes, MediaTypes.OpenTofuModulePackage);

            var target = request.Target;
            var plan = await ModuleTagGuard.CheckAsync(target, request.RepositoryText, tags, manifest.Digest, request.Force, cancellationToken).ConfigureAwait(false);
            if (plan.Status == ModulePublishStatus.Unchanged)
            {
                return Result(request, tags, manifest, layer, fileName, files, 0, 0, 2, plan);
            }

            var tracker = new CopyProgress(progress, EmptyConfig.Descriptor.Size + layer.Size + manifest.Size, 3);
            tracker.Start();
            await TrackedPush.PushIfMissingAsync(target, EmptyConfig.Descriptor, () => new MemoryStream(EmptyConfig.Content.ToArray(), writable: false), null, tracker, cancellationToken).ConfigureAwait(false);
            await TrackedPush.PushIfMissingAsync(target, layer, () => new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous), null, tracker, cancellationToken).ConfigureAwait(false);
            var blobsUploaded = tracker.CopiedCount;
            var blobsSkipped = tracker.SkippedCount;

            await TrackedPush.PushIfMissingAsync(target, manifest, () => new MemoryStream(manifestBytes, writable: false), plan.ToWrite[0], tracker, cancellationToken).ConfigureAwait(false);
            foreach (var tag in plan.ToWrite.Skip(1))
            {
                await target.TagAsync(manifest, tag, cancellationToken).ConfigureAwait(false);
            }

            return Result(request, tags, manifest, layer, fileName, files, tracker.BytesCopied, blobsUploaded, blobsSkipped, plan);
        }
        finally
        {
            Cleanup.DeleteFile(zipPath);
        }
    }

    private static ModulePublishResult Result(ModulePublishRequest request, IReadOnlyList<string> tags, Descriptor manifest, Descriptor layer, string fileName,
        IReadOnlyList<ZipSourceFile> files, long bytesUploaded, int blobsUploaded, int blobsSkipped, ModuleTagGuard.Plan plan) =>
        new(request.RepositoryText, tags, manifest.Digest, layer.Digest, layer.Size, fileName,
            files.Select(f => f.EntryName).ToList(), ModuleAddress.Format(request.RepositoryText, null, null, manifest.Digest),
            bytesUploaded, blobsUploaded, blobsSkipped)
        {
            Status = plan.Status,
            ReplacedTags = plan.Replaced,
        };

    /// <summary>The files that would be packaged, sorted as in the zip (for -WhatIf and previews).</summary>
    public static IReadOnlyList<ZipSourceFile> ListFiles(ModulePublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var patterns = (request.UseDefaultExcludes ? ExcludePattern.Defaults : []).Concat(request.Exclude).Select(ExcludePattern.Parse).ToList();
        var excluded = ExcludePattern.Combine(patterns);
        var layoutInside = LayoutInside(request);
        var files = DeterministicZipWriter.ListDirectory(request.Directory, new DeterministicZipOptions
        {
            Exclude = layoutInside is null ? excluded : path => path == layoutInside || excluded(path),
        });
        if (files.Count == 0)
        {
            throw new TofuOciException(ErrorIds.EmptyModuleDirectory, ErrorKind.InvalidArgument,
                $"The module directory \"{request.Directory}\" has no files to package{(patterns.Count == 0 ? string.Empty : " after leaving out " + string.Join(", ", patterns.Select(p => p.Text)))}; give the directory that holds the module's .tf files.",
                request.Directory);
        }

        return files;
    }

    // Publishing "." into "oci-layout:./out" must not package the layout being written (nor an older copy of it).
    private static string? LayoutInside(ModulePublishRequest request)
    {
        if (!request.RepositoryText.StartsWith(TargetAddress.LayoutPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var layout = Path.GetFullPath(request.RepositoryText[TargetAddress.LayoutPrefix.Length..]);
        var relative = Path.GetRelativePath(Path.GetFullPath(request.Directory), layout);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace(Path.DirectorySeparatorChar, '/') + "/";
    }

    /// <summary>The tags to write: those given (duplicates dropped) or <c>latest</c>, each checked.</summary>
    public static IReadOnlyList<string> CheckTags(IReadOnlyList<string>? tags)
    {
        var list = (tags is null || tags.Count == 0 ? [ModuleAddress.DefaultTag] : tags).Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in list)
        {
            if (!Reference.IsValidTag(tag))
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"Invalid tag \"{tag}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.", tag);
            }
        }

        return list;
    }

    // The layer title names the zip after the destination (repository or layout directory), not after the
    // source directory, so publishing the same files from another checkout gives the same manifest.
    private static string FileName(ModulePublishRequest request)
    {
        var text = request.RepositoryText;
        var name = text.StartsWith(TargetAddress.LayoutPrefix, StringComparison.Ordinal)
            ? Path.GetFileName(Path.TrimEndingDirectorySeparator(text[TargetAddress.LayoutPrefix.Length..]))
            : text[(text.LastIndexOf('/') + 1)..];
        return (name.Length == 0 ? "module" : name) + ".zip";
    }

    private static Dictionary<string, string>? Annotations(ModulePublishRequest request)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.SourceAnnotation))
        {
            annotations[AnnotationKeys.Source] = request.SourceAnnotation;
        }

        if (!string.IsNullOrEmpty(request.VersionAnnotation))
        {
            annotations[AnnotationKeys.Version] = request.VersionAnnotation;
        }

        if (request.Created is { } created)
        {
            annotations[AnnotationKeys.Created] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return annotations.Count == 0 ? null : annotations;
    }
}
