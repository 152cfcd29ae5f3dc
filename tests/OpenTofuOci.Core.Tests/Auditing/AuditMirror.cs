using System.Diagnostics;
using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Auditing;

/// <summary>Publishes healthy provider versions and plants defects into any target, for the audit's tests.</summary>
internal sealed class AuditMirror(ITarget target, string workDirectory)
{
    public const string ProviderType = "hello";
    public static readonly ProviderAddress Address = ProviderAddress.Parse("example.com/acme/hello");
    public static readonly string[] Platforms = ["linux_amd64", "windows_amd64"];

    public ITarget Target => target;

    /// <summary>Makes this mirror's zips its own, so damaging one in a shared registry's storage harms no other test.</summary>
    public string Salt { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The bytes of the zip <see cref="PublishAsync"/> publishes for a version and platform.</summary>
    public byte[] ZipBytes(string version, string platform) => ReleaseFiles.Zip(ProviderType, version, platform, Salt);

    /// <summary>Publishes real release zips with <see cref="ProviderPublisher"/>, as the publish command does.</summary>
    public async Task<ProviderPublishResult> PublishAsync(string version, params string[] platforms)
    {
        var dir = Path.Combine(workDirectory, $"release-{version}-{Guid.NewGuid():N}");
        ReleaseFiles.Write(dir, ProviderType, version, platforms.Length == 0 ? Platforms : platforms, salt: Salt);
        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([dir]), Target = target });
    }

    public async Task<Descriptor> BlobAsync(byte[] bytes, string mediaType = MediaTypes.Zip)
    {
        var descriptor = Descriptor.FromBytes(mediaType, bytes);
        using var content = new MemoryStream(bytes);
        await target.PushAsync(descriptor, content);
        return descriptor;
    }

    public Task<Descriptor> ZipAsync(string version, string platform, string salt = "") =>
        BlobAsync(ReleaseFiles.Zip(ProviderType, version, platform, Salt + salt));

    /// <summary>A platform manifest of <paramref name="layers"/> as our publisher writes one, unless told otherwise.</summary>
    public async Task<Descriptor> ManifestAsync(IEnumerable<Descriptor> layers, string? artifactType = MediaTypes.OpenTofuProviderTarget)
    {
        if (!await target.ExistsAsync(EmptyConfig.Descriptor))
        {
            await BlobAsync(EmptyConfig.Content.ToArray(), MediaTypes.EmptyJson);
        }
        var bytes = OciJson.Write(new ImageManifest { ArtifactType = artifactType, Config = EmptyConfig.Descriptor, Layers = layers.ToList() });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, artifactType);
        using var content = new MemoryStream(bytes);
        await target.PushAsync(descriptor, content);
        return descriptor;
    }

    public static Descriptor Entry(Descriptor manifest, string platform)
    {
        var p = ProviderPlatform.Parse(platform);
        return manifest with { Platform = new Platform { OS = p.OS, Architecture = p.Arch }, ArtifactType = MediaTypes.OpenTofuProviderTarget };
    }

    public async Task<Descriptor> IndexAsync(string tag, IEnumerable<Descriptor> entries, string? artifactType = MediaTypes.OpenTofuProvider)
    {
        var bytes = OciJson.Write(new ImageIndex { ArtifactType = artifactType, Manifests = entries.ToList() });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageIndex, bytes, artifactType);
        using var content = new MemoryStream(bytes);
        await target.PushAsync(descriptor, content, tag);
        return descriptor;
    }

    /// <summary>A version whose <paramref name="platform"/> manifest has the given layers and whose other platforms are healthy.</summary>
    public async Task<Descriptor> VersionWithLayersAsync(string version, string platform, params Descriptor[] layers)
    {
        var entries = new List<Descriptor>();
        foreach (var p in Platforms)
        {
            var manifest = p == platform ? await ManifestAsync(layers) : await ManifestAsync([await ZipAsync(version, p)]);
            entries.Add(Entry(manifest, p));
        }

        return await IndexAsync(version.Replace('+', '_'), entries);
    }

    public static ProviderAuditRequest Request(IReadOnlyTarget target) => new(target, Address);

    /// <summary>(rule, version, platform) of each finding, in report order.</summary>
    public static IReadOnlyList<(string Rule, string? Version, string? Platform)> Keys(IEnumerable<AuditFinding> findings) =>
        AuditReports.Create(findings, 1, 0, 0, 0).Findings.Select(f => (f.Rule, f.Version, f.Platform)).ToList();

    /// <summary>The one finding, or a failure that lists them all.</summary>
    public static AuditFinding Only(IReadOnlyList<AuditFinding> findings)
    {
        Assert.True(findings.Count == 1, $"expected one finding, got {findings.Count}:\n" + string.Join("\n", findings.Select(f => $"{f.Rule} {f.Version} {f.Platform}: {f.Message}")));
        return findings[0];
    }

    public static async Task RunAsync(string program, params string[] arguments)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}{await output}");
    }
}
