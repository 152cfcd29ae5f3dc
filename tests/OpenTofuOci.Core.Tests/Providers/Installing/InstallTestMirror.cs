using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// Publishes small provider releases in OpenTofu's mirror shape (index → per-platform manifests →
/// one archive/zip layer) straight through the target interfaces, independent of the publisher.
/// </summary>
internal static class InstallTestMirror
{
    public const int Executable = 0b111_101_101;
    public const int Regular = 0b110_100_100;

    /// <summary>A provider zip: <c>terraform-provider-TYPE_vVERSION</c> (0755) and <c>README</c> (0644).</summary>
    public static byte[] ProviderZip(string type, string version, string platform) => Zip(
        ($"terraform-provider-{type}_v{version}", $"#!/bin/sh\necho {type} {version} {platform}\n", Executable),
        ("README", $"{type} {version} for {platform}\n", Regular));

    public static byte[] Zip(params (string Name, string Content, int Mode)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, mode) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.ExternalAttributes = (0x8000 | mode) << 16;
                using var s = entry.Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return ms.ToArray();
    }

    public static string Zh(byte[] zip) => "zh:" + Convert.ToHexString(SHA256.HashData(zip)).ToLowerInvariant();

    /// <summary>Publishes one version with the given zip per platform (<c>os_arch</c>) and tags it; returns the layer descriptors.</summary>
    public static async Task<Dictionary<string, Descriptor>> PublishAsync(ITarget target, string version, IReadOnlyDictionary<string, byte[]> zips)
    {
        var layers = new Dictionary<string, Descriptor>(StringComparer.Ordinal);
        var entries = new List<Descriptor>();
        await target.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        foreach (var (platform, zip) in zips)
        {
            var layer = Descriptor.FromBytes(MediaTypes.Zip, zip);
            if (!await target.ExistsAsync(layer))
            {
                await target.PushAsync(layer, new MemoryStream(zip));
            }

            var manifest = OciJson.Write(new ImageManifest
            {
                ArtifactType = MediaTypes.OpenTofuProviderTarget,
                Config = EmptyConfig.Descriptor,
                Layers = [layer],
            });
            var md = Descriptor.FromBytes(MediaTypes.ImageManifest, manifest, MediaTypes.OpenTofuProviderTarget);
            await target.PushAsync(md, new MemoryStream(manifest));
            var parts = platform.Split('_');
            entries.Add(md with { Platform = new Platform { OS = parts[0], Architecture = parts[1] } });
            layers[platform] = layer;
        }

        var index = OciJson.Write(new ImageIndex { ArtifactType = MediaTypes.OpenTofuProvider, Manifests = entries });
        var id = Descriptor.FromBytes(MediaTypes.ImageIndex, index, MediaTypes.OpenTofuProvider);
        await target.PushAsync(id, new MemoryStream(index), version.Replace('+', '_'));
        return layers;
    }

    /// <summary>Publishes <paramref name="version"/> of a well-formed provider for <paramref name="platforms"/>; returns each platform's zip.</summary>
    public static async Task<Dictionary<string, byte[]>> PublishProviderAsync(ITarget target, string type, string version, params string[] platforms)
    {
        var zips = platforms.ToDictionary(p => p, p => ProviderZip(type, version, p), StringComparer.Ordinal);
        await PublishAsync(target, version, zips);
        return zips;
    }
}

/// <summary>Wraps a target and counts the provider zip layers fetched from it.</summary>
internal sealed class CountingTarget(IReadOnlyTarget inner) : IReadOnlyTarget
{
    private int _zipFetches;

    public int ZipFetches => Volatile.Read(ref _zipFetches);

    public string DisplayName => inner.DisplayName;

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => inner.ResolveAsync(reference, cancellationToken);

    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        if (descriptor.MediaType == MediaTypes.Zip)
        {
            Interlocked.Increment(ref _zipFetches);
        }

        return inner.FetchAsync(descriptor, cancellationToken);
    }

    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.ExistsAsync(descriptor, cancellationToken);

    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => inner.ListTagsAsync(cancellationToken);
}

/// <summary>Cancels the caller's token as soon as a zip layer is fetched, i.e. mid-install or mid-lock.</summary>
internal sealed class CancellingTarget(IReadOnlyTarget inner, CancellationTokenSource cts) : IReadOnlyTarget
{
    public bool Cancelled { get; private set; }

    public string DisplayName => inner.DisplayName;

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => inner.ResolveAsync(reference, cancellationToken);

    public async Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        var stream = await inner.FetchAsync(descriptor, cancellationToken);
        if (descriptor.MediaType == MediaTypes.Zip)
        {
            Cancelled = true;
            await cts.CancelAsync();
        }

        return stream;
    }

    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.ExistsAsync(descriptor, cancellationToken);

    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => inner.ListTagsAsync(cancellationToken);
}
