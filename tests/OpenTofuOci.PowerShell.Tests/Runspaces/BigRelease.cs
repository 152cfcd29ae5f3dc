using System.IO.Compression;
using System.Security.Cryptography;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// xunit class fixture: a provider release too big to move in an instant — example/big 1.0.0 for
/// linux_amd64, one zip holding the executable and <see cref="PayloadSize"/> bytes of random data
/// (stored, so the zip is as big as its content) — built once, and a real registry (plain HTTP)
/// that already holds it at <c>big/provider</c>, published through the cmdlet.
/// </summary>
public sealed class BigRelease : IAsyncLifetime
{
    /// <summary>210 MiB: several seconds of transfer on the test machines, hundreds of chunks of progress.</summary>
    public const long PayloadSize = 210L << 20;

    public const string PayloadName = "payload.bin";

    private RegistryServer? _server;

    public TempDirectory Root { get; } = new("tofuoci-ps-big-");

    public RegistryServer Server => _server ?? throw new InvalidOperationException("registry not started");

    public string Address => Server.Address;

    /// <summary>The release directory: the zip and its SHA256SUMS.</summary>
    public string ReleaseDirectory => Root.Combine("release");

    public string ZipPath => Path.Combine(ReleaseDirectory, ReleaseFiles.FileName("big", "1.0.0", "linux_amd64"));

    /// <summary>SHA-256 (hex) of the random payload inside the zip.</summary>
    public string PayloadSha256 { get; private set; } = string.Empty;

    /// <summary>The index digest the release publishes as (the same in every repository).</summary>
    public string IndexDigest { get; private set; } = string.Empty;

    /// <summary>The repository already holding the release.</summary>
    public string PublishedRepository => $"{Address}/big/provider";

    public async Task InitializeAsync()
    {
        var serverStart = RegistryServer.StartAsync(RegistryMode.PlainHttp);
        Directory.CreateDirectory(ReleaseDirectory);
        await Task.Run(WriteZip);
        string zipHash;
        await using (var zipStream = File.OpenRead(ZipPath))
        {
            zipHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(zipStream));
        }

        await File.WriteAllTextAsync(Path.Combine(ReleaseDirectory, "terraform-provider-big_1.0.0_SHA256SUMS"),
            $"{zipHash}  {Path.GetFileName(ZipPath)}\n");
        _server = await serverStart;

        using var lease = ModuleRunspaces.Rent();
        var run = lease.Run("(Publish-TofuProvider -Path $release -Repository $repository -PlainHttp -ErrorAction Stop).Digest",
            ("release", ReleaseDirectory), ("repository", PublishedRepository)).AssertClean();
        IndexDigest = run.Output.Single().ToString();
    }

    private void WriteZip()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var zip = ZipFile.Open(ZipPath, ZipArchiveMode.Create))
        {
            var executable = zip.CreateEntry("terraform-provider-big_v1.0.0", CompressionLevel.NoCompression);
            executable.ExternalAttributes = 0x1ED << 16;
            using (var s = executable.Open())
            {
                s.Write("#!/bin/sh\necho big\n"u8);
            }

            var payload = zip.CreateEntry(PayloadName, CompressionLevel.NoCompression);
            payload.ExternalAttributes = 0x1A4 << 16;
            using var stream = payload.Open();
            var buffer = new byte[1 << 20];
            for (long written = 0; written < PayloadSize; written += buffer.Length)
            {
                Random.Shared.NextBytes(buffer);
                sha.AppendData(buffer);
                stream.Write(buffer);
            }
        }

        PayloadSha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Root.Dispose();
    }
}
