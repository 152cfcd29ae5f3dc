using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>
/// A fresh directory per case holding everything the case reads (layouts, configs, helper scripts) and a
/// home directory; after the run its files must be exactly as before: nothing written, no temp leftovers.
/// </summary>
internal sealed class HostileSandbox(string? registry) : IDisposable
{
    private readonly TempDirectory _root = new("tofuoci-hostile-");

    public string Root => _root.Path;

    /// <summary>host:port of the real docker-registry (Basic auth, plain HTTP), for cases that need one.</summary>
    public string Registry => registry ?? throw new InvalidOperationException("this case needs the registry");

    public string Home => Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;

    public string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path_(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every file and directory below the root with its size and content hash.</summary>
    public IReadOnlyList<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) && !new FileInfo(p).Attributes.HasFlag(FileAttributes.ReparsePoint)
                ? $"{Path.GetRelativePath(Root, p)} {new FileInfo(p).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))[..16]}"
                : Path.GetRelativePath(Root, p) + "/")
            .ToList();

    public void Dispose() => _root.Dispose();
}
