using System.Text;
using OpenTofuOci.Core.Packages;
using static OpenTofuOci.Core.Tests.Packages.RawEntry;

namespace OpenTofuOci.Core.Tests.Packages;

/// <summary>
/// The package fixtures whose <c>h1:</c> hashes were computed by Go's own dirhash (see
/// <c>gohash/README.md</c>). Everything is built from these lists, byte for byte the same on every
/// run, so the Go answers stay valid. Changing a fixture means regenerating the answers.
/// </summary>
internal static class HashFixtures
{
    // U+E000 (UTF-8 EE 80 80) sorts before U+1F600 (F0 9F 98 80) by bytes, but after it by UTF-16
    // code units (E000 > D83D); "é" and "中文" add two- and three-byte names; ".hidden" is a hidden
    // file .NET would skip by default; "empty" has no content.
    public static IReadOnlyList<RawEntry> Files { get; } =
    [
        Text("terraform-provider-foo_v1.0.0", "#!/bin/sh\necho foo\n", 0x81ED),
        Text("README.md", "# foo provider\n"),
        Text("docs/index.md", "index\n"),
        Text("docs/sub/deep.txt", "deep\n"),
        new("empty", []),
        Text("\u00e9.txt", "e acute\n"),
        Text("\uE000.txt", "private use\n"),
        Text("\U0001F600.txt", "emoji\n"),
        Text("\u4e2d\u6587/\u540d\u5b57.txt", "chinese\n"),
        Text(".hidden", "hidden\n"),
        Text("Z-upper.txt", "upper\n"),
        Text("a-lower.txt", "lower\n"),
    ];

    /// <summary>The same files with explicit directory entries, as <c>zip -r</c> would write them.</summary>
    public static IReadOnlyList<RawEntry> WithDirectories { get; } =
    [
        Directory("docs/"),
        Directory("docs/sub/"),
        Directory("\u4e2d\u6587/"),
        .. Files,
    ];

    /// <summary>Go's HashZip lists both "a.txt" entries and reads the last one for both.</summary>
    public static IReadOnlyList<RawEntry> Duplicates { get; } =
    [
        Text("a.txt", "first\n"),
        Text("b.txt", "b\n"),
        Text("a.txt", "second, and longer\n"),
    ];

    /// <summary>A symlink entry hashes as its target text.</summary>
    public static IReadOnlyList<RawEntry> WithSymlink { get; } =
    [
        Text("target.txt", "target\n"),
        Symlink("link", "target.txt"),
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<RawEntry>> Zips { get; } = new Dictionary<string, IReadOnlyList<RawEntry>>
    {
        ["several.zip"] = Files,
        ["with-dirs.zip"] = WithDirectories,
        ["duplicates.zip"] = Duplicates,
        ["symlink.zip"] = WithSymlink,
        ["empty.zip"] = [],
        ["one-empty-file.zip"] = [new("empty", [])],
    };

    /// <summary>Writes the files of a fixture (not its directory entries) into a directory.</summary>
    public static void WriteFiles(string directory, IEnumerable<RawEntry> entries)
    {
        foreach (var entry in entries.Where(e => !e.Name.EndsWith('/')))
        {
            var path = Path.Combine(directory, entry.Name.Replace('/', Path.DirectorySeparatorChar));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, entry.Content);
        }
    }

    /// <summary>
    /// Writes every fixture under <paramref name="root"/>: the zips, and directories
    /// "several" (the files), "several-empty-dirs" (plus empty directories, which do not count) and
    /// "symlinked" (a real symlink to a file, which is read through), and "deterministic.zip" and
    /// "deterministic-stored.zip", "several" zipped by <see cref="DeterministicZipWriter"/> (proves
    /// Go reads our zips, data descriptors and empty files included).
    /// </summary>
    public static async Task WriteAllAsync(string root)
    {
        foreach (var (name, entries) in Zips)
        {
            RawZip.Write(Path.Combine(root, name), entries);
        }

        WriteFiles(System.IO.Directory.CreateDirectory(Path.Combine(root, "several")).FullName, Files);
        var withEmpty = System.IO.Directory.CreateDirectory(Path.Combine(root, "several-empty-dirs")).FullName;
        WriteFiles(withEmpty, Files);
        System.IO.Directory.CreateDirectory(Path.Combine(withEmpty, "empty-dir", "nested"));
        var linked = System.IO.Directory.CreateDirectory(Path.Combine(root, "symlinked")).FullName;
        File.WriteAllText(Path.Combine(linked, "target.txt"), "target\n", new UTF8Encoding(false));
        File.CreateSymbolicLink(Path.Combine(linked, "link"), "target.txt");

        foreach (var (name, compress) in new[] { ("deterministic.zip", true), ("deterministic-stored.zip", false) })
        {
            await using var zip = File.Create(Path.Combine(root, name));
            await DeterministicZipWriter.WriteDirectoryAsync(Path.Combine(root, "several"), zip, new DeterministicZipOptions { Compress = compress });
        }
    }
}
