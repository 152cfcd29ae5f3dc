using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>A fresh directory under the temp path, removed with everything in it on dispose.</summary>
internal sealed class LayoutTempDirectory : IDisposable
{
    public LayoutTempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tofu-oci-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside this directory that does not exist yet.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Temporary files and directories Core writes and must remove (".…tmp-…", ".…old-…"), anywhere below <paramref name="root"/>.</summary>
    public static string[] TempFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(TempPaths.IsTemporary).ToArray()
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
