using System.Collections.Concurrent;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.TestFixtures.ProviderOrigin;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// Progress per file (docs/opentofu-compatibility.md §9.7): a real <c>tofu providers mirror</c> directory as the
/// source and a real docker-registry as the target; each package's download and upload is reported by its file
/// name, and each ends with its exact size.
/// </summary>
public sealed class ProviderMirrorProgressTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly StaticRelease Hello = new("example", "hello", "1.0.0", ["linux_amd64", "windows_amd64"]);
    private static readonly string[] Files = ["terraform-provider-hello_1.0.0_linux_amd64.zip", "terraform-provider-hello_1.0.0_windows_amd64.zip"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Keeps every report in the order it was made (<see cref="Progress{T}"/> would post them out of order).</summary>
    private sealed class Recorder : IProgress<ProviderMirrorProgress>
    {
        public ConcurrentQueue<ProviderMirrorProgress> Reports { get; } = new();

        public void Report(ProviderMirrorProgress value) => Reports.Enqueue(value);

        public List<ProviderMirrorProgress> Of(ProviderMirrorStep step, string file) =>
            [.. Reports.Where(r => r.Step == step && r.FileName == file)];
    }

    private async Task<(Recorder Progress, ProviderMirrorResult Result)> MirrorAsync(ITarget target)
    {
        var directory = _dir.Combine("source");
        if (!Directory.Exists(directory))
        {
            await ProviderMirrorDirectory.WritePackedAsync(directory, [Hello]);
        }

        var progress = new Recorder();
        var result = await ProviderMirrorer.MirrorAsync(new ProviderMirrorRequest
        {
            Provider = ProviderAddress.Parse("example/hello"),
            Source = new ProviderSourceOptions { Kind = ProviderSourceKind.Directory, Location = directory },
            AllowUnsigned = true,
            Target = target,
            MaxParallelism = 2,
            Progress = progress,
        });
        Assert.True(result.IsComplete, result.Incomplete?.Message);
        return (progress, result);
    }

    private static TransferProgress Complete(string file, string platform)
    {
        long size = Hello.Zip(platform).Length;
        return new TransferProgress(size, size, 1, 1, file);
    }

    [Fact]
    public async Task Each_package_reports_its_download_and_upload_by_file_name_and_both_end_with_the_zip_size()
    {
        using var target = fixture.Server.Repository($"progress/hello-{Guid.NewGuid().ToString("N")[..10]}");

        var (progress, _) = await MirrorAsync(target);

        Assert.Equal(Files, progress.Reports.Where(r => r.Step == ProviderMirrorStep.Downloading).Select(r => r.FileName).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Files, progress.Reports.Where(r => r.Step == ProviderMirrorStep.Uploading).Select(r => r.FileName).Distinct().Order(StringComparer.Ordinal));
        foreach (var (file, platform) in Files.Zip(Hello.Platforms))
        {
            var downloads = progress.Of(ProviderMirrorStep.Downloading, file);
            var uploads = progress.Of(ProviderMirrorStep.Uploading, file);
            Assert.Equal(Complete(file, platform), downloads[^1].Transfer);
            Assert.Equal(Hello.Zip(platform).Length, downloads[^1].Bytes);
            Assert.Equal(Complete(file, platform), uploads[^1].Transfer);
            Assert.All(downloads, d => Assert.Equal(ProviderPlatform.Parse(platform), d.Platform));
            Assert.All(uploads, u => Assert.Equal(ProviderPlatform.Parse(platform), u.Platform));
            // Only the last report of each is complete; bytes never run past the zip.
            Assert.Single(downloads, d => d.Transfer!.ItemsDone == 1);
            Assert.Single(uploads, u => u.Transfer!.ItemsDone == 1);
            Assert.All(uploads, u => Assert.InRange(u.Transfer!.BytesDone, 0, Hello.Zip(platform).Length));
            var order = progress.Reports.ToList();
            Assert.True(order.IndexOf(downloads[^1]) < order.IndexOf(uploads[0]), $"{file} was reported uploading before its download ended");
        }

        Assert.Equal(ProviderMirrorStep.Done, progress.Reports.Last().Step);
    }

    [Fact]
    public async Task A_rerun_reports_each_package_the_target_already_holds_as_one_complete_upload()
    {
        using var target = fixture.Server.Repository($"progress/again-{Guid.NewGuid().ToString("N")[..10]}");
        await MirrorAsync(target);

        var (progress, result) = await MirrorAsync(target);

        Assert.All(result.Items, i => Assert.Equal(ProviderMirrorStatus.AlreadyPresent, i.Status));
        foreach (var (file, platform) in Files.Zip(Hello.Platforms))
        {
            var upload = Assert.Single(progress.Of(ProviderMirrorStep.Uploading, file));
            Assert.Equal(Complete(file, platform), upload.Transfer);
        }
    }
}
