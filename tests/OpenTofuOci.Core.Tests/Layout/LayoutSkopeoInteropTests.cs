using System.Diagnostics;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci;
using Xunit;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>
/// A second, independent reader and writer of image layouts: skopeo (tests/run.sh installs it).
/// If our layout were subtly off (header, index.json shape, blob paths), skopeo would refuse it.
/// </summary>
public sealed class LayoutSkopeoInteropTests : IDisposable
{
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> SkopeoAsync(params string[] args)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start");
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    [Fact]
    public async Task Skopeo_reads_our_layout_and_returns_our_exact_manifest_bytes()
    {
        var dir = _temp.Sub("ours");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "1.0.0");

        var (exit, stdout, stderr) = await SkopeoAsync("inspect", "--raw", $"oci:{dir}:1.0.0");

        Assert.True(exit == 0, stderr);
        Assert.Equal(artifact.IndexBytes, stdout);
    }

    [Fact]
    public async Task We_read_a_layout_skopeo_wrote_from_ours()
    {
        var ours = _temp.Sub("ours");
        var theirs = _temp.Sub("theirs");
        var artifact = new ProviderLikeArtifact();
        var store = new OciLayoutStore(ours);
        await artifact.PublishAsync(store, "1.0.0");
        await store.TagAsync(artifact.ManifestAmd64Descriptor, "amd64");

        // Without --all skopeo copies a single manifest unchanged (spec: ENVIRONMENT.md).
        var (exit, _, stderr) = await SkopeoAsync("copy", "--quiet", $"oci:{ours}:amd64", $"oci:{theirs}:copied");
        Assert.True(exit == 0, stderr);

        var copy = new OciLayoutStore(theirs);
        var resolved = await copy.ResolveAsync("copied");
        Assert.Equal(artifact.ManifestAmd64Descriptor.Digest, resolved.Digest);
        Assert.Equal(MediaTypes.ImageManifest, resolved.MediaType);
        var bytes = await ContentReader.ReadManifestAsync(copy, resolved, copy.DisplayName);
        Assert.Equal(artifact.ManifestAmd64, bytes);
        Assert.True(await copy.ExistsAsync(artifact.LayerAmd64Descriptor));
        Assert.Equal(["copied"], await copy.ListTagsAsync().ToListAsync());
    }
}
