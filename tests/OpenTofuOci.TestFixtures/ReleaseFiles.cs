using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OpenTofuOci.TestFixtures;

/// <summary>Writes real, small provider release zips (and SHA256SUMS) the way official releases name them.</summary>
public static class ReleaseFiles
{
    private static readonly DateTimeOffset FixedTime = new(2021, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A zip holding <c>terraform-provider-TYPE_vVERSION</c>; <paramref name="salt"/> changes its bytes.</summary>
    public static byte[] Zip(string type, string version, string platform, string salt = "")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry($"terraform-provider-{type}_v{version}", CompressionLevel.Optimal);
            entry.LastWriteTime = FixedTime;
            entry.ExternalAttributes = 0x1ED << 16;
            using var s = entry.Open();
            s.Write(Encoding.UTF8.GetBytes($"#!/bin/sh\necho {type} {version} {platform} {salt}\n"));
        }

        return buffer.ToArray();
    }

    public static string FileName(string type, string version, string platform) => $"terraform-provider-{type}_{version}_{platform}.zip";

    /// <summary>Writes one zip per platform into <paramref name="directory"/>, plus SHA256SUMS when asked; returns the zip paths.</summary>
    public static IReadOnlyList<string> Write(string directory, string type, string version, IEnumerable<string> platforms, bool sums = true, string salt = "")
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        var lines = new StringBuilder();
        foreach (var platform in platforms)
        {
            var name = FileName(type, version, platform);
            var path = Path.Combine(directory, name);
            var bytes = Zip(type, version, platform, salt);
            File.WriteAllBytes(path, bytes);
            paths.Add(path);
            lines.Append(Sha256Hex(bytes)).Append("  ").Append(name).Append('\n');
        }

        if (sums)
        {
            File.WriteAllText(Path.Combine(directory, $"terraform-provider-{type}_{version}_SHA256SUMS"), lines.ToString());
        }

        return paths;
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static string Sha256Hex(string path) => Sha256Hex(File.ReadAllBytes(path));
}
