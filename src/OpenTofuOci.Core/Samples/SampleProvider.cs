using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Samples;

/// <summary>
/// A tiny provider release built in memory (a placeholder executable and a README per platform),
/// published through <see cref="ProviderPublisher"/> exactly like a release directory would be, in
/// OpenTofu's provider mirror shape (docs/opentofu-compatibility.md §1.3). It gives the quick start and the
/// tests something real to move; its bytes, and so its digests, are the same on every run.
/// </summary>
public static class SampleProvider
{
    /// <summary>The sample's provider type.</summary>
    public const string Type = "hello";

    /// <summary>Platforms the sample is built for.</summary>
    public static IReadOnlyList<string> Platforms { get; } = ["linux_amd64", "windows_amd64"];

    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Publishes the sample as <paramref name="version"/> (a version, or its tag spelling with <c>_</c>
    /// for <c>+</c>) to <paramref name="target"/>. Publishing it again is a no-op.
    /// </summary>
    public static async Task<ProviderPublishResult> PublishAsync(ITarget target, string version = "0.1.0", IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ProviderVersion.TryParseTag(version, out var parsed))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"\"{version}\" is not a provider version; give e.g. 0.1.0 or 1.0.0_build.2 (for 1.0.0+build.2).", version);
        }

        var canonical = parsed!.ToString();
        var files = Platforms
            .Select(p => ProviderReleaseFile.FromBytes($"terraform-provider-{Type}_{canonical}_{p}.zip", BuildZip(canonical, p)))
            .ToList();
        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = files, Target = target }, progress, cancellationToken).ConfigureAwait(false);
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
}
