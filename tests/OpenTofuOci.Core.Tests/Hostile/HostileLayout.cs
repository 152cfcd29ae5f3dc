using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Packages;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>
/// Writes an OCI image-layout directory by hand (oci-layout, index.json, blobs/sha256), so a case can
/// hold anything: a manifest that is not JSON, a blob whose bytes are not its digest, a hostile zip.
/// </summary>
internal sealed class HostileLayout
{
    private readonly List<string> _tagged = [];

    public HostileLayout(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
    }

    public string Directory { get; }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A descriptor as JSON, with any extra members (<c>"platform":{…}</c>) appended verbatim.</summary>
    public static string Descriptor(string mediaType, string digest, long size, string extra = "") =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{digest}\",\"size\":{size}{(extra.Length > 0 ? "," + extra : "")}}}";

    /// <summary>Stores <paramref name="bytes"/> under their digest and returns its descriptor JSON.</summary>
    public string Add(string mediaType, byte[] bytes, string extra = "")
    {
        var digest = Sha256(bytes);
        AddAt(digest, bytes);
        return Descriptor(mediaType, digest, bytes.Length, extra);
    }

    public string Add(string mediaType, string json, string extra = "") => Add(mediaType, Encoding.UTF8.GetBytes(json), extra);

    /// <summary>Stores bytes under any digest, matching or not.</summary>
    public void AddAt(string digest, byte[] bytes) =>
        File.WriteAllBytes(Path.Combine(Directory, "blobs", "sha256", digest[(digest.IndexOf(':') + 1)..]), bytes);

    /// <summary>Tags a descriptor (JSON, as from <see cref="Add(string, byte[], string)"/>) in index.json.</summary>
    public HostileLayout Tag(string tag, string descriptor)
    {
        _tagged.Add(descriptor.TrimEnd('}') + $",\"annotations\":{{\"org.opencontainers.image.ref.name\":\"{tag}\"}}}}");
        return this;
    }

    public string Save()
    {
        File.WriteAllText(Path.Combine(Directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(Directory, "index.json"),
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageIndex}\",\"manifests\":[{string.Join(',', _tagged)}]}}");
        return Directory;
    }

    public string EmptyConfig() => Add(MediaTypes.EmptyJson, "{}");

    public static byte[] ModuleZip() => RawZip.Build([RawEntry.Text("main.tf", "variable \"x\" {}\n")]);

    public static byte[] ProviderZip() => RawZip.Build([RawEntry.Text("terraform-provider-name_v1.0.0", "#!/bin/sh\n", 0x81ED)]);

    public static string ImageManifest(string artifactType, string config, params string[] layers) =>
        $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageManifest}\",\"artifactType\":\"{artifactType}\",\"config\":{config},\"layers\":[{string.Join(',', layers)}]}}";

    public static string Index(string artifactType, params string[] manifests) =>
        $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageIndex}\",\"artifactType\":\"{artifactType}\",\"manifests\":[{string.Join(',', manifests)}]}}";

    public const string LinuxAmd64 = "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}";
}
