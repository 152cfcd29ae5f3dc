using System.Formats.Tar;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>A bundle .tar is hostile input: only oci-layout, index.json and blobs/ALG/HEX regular files are unpacked.</summary>
public sealed class BundleArchiveReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Tar(Action<TarWriter> write)
    {
        var path = _dir.Combine(Guid.NewGuid().ToString("N") + ".tar");
        using (var file = System.IO.File.Create(path))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            Entry(writer, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
            Entry(writer, "index.json", "{\"schemaVersion\":2,\"manifests\":[]}");
            write(writer);
        }

        return path;
    }

    private static void Entry(TarWriter writer, string name, string text)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(TestBundle.Utf8(text)) };
        writer.WriteEntry(entry);
    }

    private async Task<TofuOciException> RefusedAsync(string tar)
    {
        var into = _dir.Combine("out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(into);
        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleArchiveReader.ExtractAsync(tar, into));
        Assert.Equal(ErrorIds.InvalidBundle, e.ErrorId);
        Assert.False(System.IO.File.Exists(Path.Combine(_dir.Path, "x")));
        return e;
    }

    [Fact]
    public async Task An_entry_that_climbs_out_with_dot_dot_is_refused_by_name_and_nothing_lands_outside()
    {
        var e = await RefusedAsync(Tar(w => Entry(w, "../x", "escape")));
        Assert.Contains("\"../x\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_is_refused_even_under_blobs()
    {
        var e = await RefusedAsync(Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "blobs/sha256/" + new string('a', 64)) { LinkName = "/etc/passwd" })));
        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_name_is_refused()
    {
        var e = await RefusedAsync(Tar(w => Entry(w, "/tmp/x", "abs")));
        Assert.Contains("\"/tmp/x\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_outside_the_layout_shape_is_refused()
    {
        var e = await RefusedAsync(Tar(w => Entry(w, "blobs/sha256/not-a-digest", "x")));
        Assert.Contains("blobs/sha256/not-a-digest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_given_twice_is_refused()
    {
        var e = await RefusedAsync(Tar(w => Entry(w, "./index.json", "{}")));
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_entry_is_refused()
    {
        var e = await RefusedAsync(Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "blobs/sha256/" + new string('b', 64)))));
        Assert.Contains("character device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_over_the_size_cap_is_refused()
    {
        var tar = Tar(w => Entry(w, "blobs/sha256/" + new string('c', 64), new string('z', 100)));
        var into = _dir.Combine("cap");
        Directory.CreateDirectory(into);
        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleArchiveReader.ExtractAsync(tar, into, maxBlobBytes: 99));
        Assert.Equal(ErrorIds.InvalidBundle, e.ErrorId);
        Assert.Contains("100 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_formed_layout_unpacks_with_its_directories()
    {
        var blob = "blobs/sha256/" + new string('d', 64);
        var tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/sha256/"));
            Entry(w, blob, "data");
        });
        var into = _dir.Combine("ok");
        Directory.CreateDirectory(into);

        await BundleArchiveReader.ExtractAsync(tar, into);

        Assert.Equal("data", await System.IO.File.ReadAllTextAsync(Path.Combine(into, blob)));
        Assert.Equal(["blobs", "index.json", "oci-layout"], Directory.EnumerateFileSystemEntries(into).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
