using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Samples;

/// <summary>
/// A tiny provider release built in memory (a placeholder executable and a README per platform),
/// published in OpenTofu's provider mirror shape (spec/opentofu-compat.md §1.3): one image manifest per
/// platform with a single <c>archive/zip</c> layer, under an index with <c>artifactType</c>
/// <c>application/vnd.opentofu.provider</c>. It gives the quick start and the tests something real to move
/// before the provider publisher exists; its bytes are the same on every run.
/// </summary>
public static class SampleProvider
{
    /// <summary>Platforms the sample is built for.</summary>
    public static IReadOnlyList<string> Platforms { get; } = ["linux_amd64", "windows_amd64"];

    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Pushes the sample for <paramref name="version"/> to <paramref name="target"/> and tags it; returns the index descriptor.</summary>
    public static async Task<Descriptor> PublishAsync(ITarget target, string version = "0.1.0", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await PushIfMissing(target, EmptyConfig.Descriptor, EmptyConfig.Content.ToArray(), cancellationToken).ConfigureAwait(false);

        var entries = new List<Descriptor>();
        foreach (var platform in Platforms)
        {
            var zipName = $"terraform-provider-hello_{version}_{platform}.zip";
            var zip = BuildZip(version, platform);
            var layer = Descriptor.FromBytes(MediaTypes.Zip, zip, MediaTypes.OpenTofuProviderPackage) with
            {
                Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = zipName },
            };
            await PushIfMissing(target, layer, zip, cancellationToken).ConfigureAwait(false);

            var manifestBytes = OciJson.Write(new ImageManifest
            {
                ArtifactType = MediaTypes.OpenTofuProviderTarget,
                Config = EmptyConfig.Descriptor,
                Layers = [layer],
            });
            var (os, arch) = (platform[..platform.IndexOf('_', StringComparison.Ordinal)], platform[(platform.IndexOf('_', StringComparison.Ordinal) + 1)..]);
            var manifest = Descriptor.FromBytes(MediaTypes.ImageManifest, manifestBytes, MediaTypes.OpenTofuProviderTarget) with
            {
                Platform = new Platform { OS = os, Architecture = arch },
            };
            await PushIfMissing(target, manifest, manifestBytes, cancellationToken).ConfigureAwait(false);
            entries.Add(manifest);
        }

        var indexBytes = OciJson.Write(new ImageIndex { ArtifactType = MediaTypes.OpenTofuProvider, Manifests = entries });
        var index = Descriptor.FromBytes(MediaTypes.ImageIndex, indexBytes, MediaTypes.OpenTofuProvider);
        using var indexStream = new MemoryStream(indexBytes, writable: false);
        await target.PushAsync(index, indexStream, version.Replace('+', '_'), cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>The sample zip for one platform; identical bytes on every call.</summary>
    public static byte[] BuildZip(string version, string platform)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(zip, $"terraform-provider-hello_v{version}", $"#!/bin/sh\necho 'placeholder executable for v{version} on {platform}'\n", unixMode: 0x1ED /* 0755 */);
            AddEntry(zip, "README.md", "Sample provider published by tofu-oci sample.\n", unixMode: 0x1A4 /* 0644 */);
        }

        return buffer.ToArray();
    }

    private static void AddEntry(ZipArchive zip, string name, string content, int unixMode)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedTime;
        entry.ExternalAttributes = unixMode << 16;
        using var s = entry.Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }

    private static async Task PushIfMissing(ITarget target, Descriptor descriptor, byte[] content, CancellationToken cancellationToken)
    {
        if (await target.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var stream = new MemoryStream(content, writable: false);
        await target.PushAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
    }
}
