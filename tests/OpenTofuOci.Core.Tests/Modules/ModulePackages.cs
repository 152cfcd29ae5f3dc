using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>Builds module packages by hand (not through the publisher), so tests control every byte of the manifest.</summary>
internal static class ModulePackages
{
    /// <summary>
    /// A fresh, empty place to publish to: a new repository of <paramref name="server"/> for
    /// <paramref name="kind"/> "registry", otherwise a new layout directory under <paramref name="scratch"/>;
    /// with the repository text a module address names it by.
    /// </summary>
    public static (ITarget Target, string RepositoryText) OpenFresh(string kind, RegistryServer server, TempDirectory scratch, string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        if (kind == "registry")
        {
            return (server.Repository($"modules/{name}"), $"{server.Address}/modules/{name}");
        }

        var dir = scratch.Combine("layout-" + name);
        return (new OciLayoutStore(dir), "oci-layout:" + dir);
    }

    /// <summary>A deterministic zip of the given files (name → text).</summary>
    public static async Task<byte[]> ZipAsync(string scratch, params (string Name, string Content)[] files)
    {
        var dir = Path.Combine(scratch, "zip-" + Guid.NewGuid().ToString("N")[..8]);
        var sources = new List<ZipSourceFile>();
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(dir, name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content);
            sources.Add(new ZipSourceFile(name, path));
        }

        using var output = new MemoryStream();
        await DeterministicZipWriter.WriteAsync(sources, output);
        return output.ToArray();
    }

    public static Descriptor ZipLayer(byte[] zip, string mediaType = MediaTypes.Zip) =>
        Descriptor.FromBytes(mediaType, zip) with { Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = "module.zip" } };

    /// <summary>Pushes config, the blobs and a manifest with these layers; tags it when <paramref name="tag"/> is given. Returns the manifest descriptor.</summary>
    public static async Task<Descriptor> PushAsync(ITarget target, string? tag, IReadOnlyList<(Descriptor Layer, byte[] Content)> layers,
        string? artifactType = MediaTypes.OpenTofuModulePackage)
    {
        await PushBlobAsync(target, EmptyConfig.Descriptor, EmptyConfig.Content.ToArray());
        foreach (var (layer, content) in layers)
        {
            await PushBlobAsync(target, layer, content);
        }

        var bytes = OciJson.Write(new ImageManifest { ArtifactType = artifactType, Config = EmptyConfig.Descriptor, Layers = layers.Select(l => l.Layer).ToList() });
        return await PushManifestAsync(target, tag, MediaTypes.ImageManifest, bytes);
    }

    /// <summary>Pushes a zip as the only layer of a module package.</summary>
    public static Task<Descriptor> PushZipAsync(ITarget target, string? tag, byte[] zip) => PushAsync(target, tag, [(ZipLayer(zip), zip)]);

    public static async Task<Descriptor> PushManifestAsync(ITarget target, string? tag, string mediaType, byte[] bytes)
    {
        var descriptor = Descriptor.FromBytes(mediaType, bytes);
        if (tag is null)
        {
            await target.PushAsync(descriptor, new MemoryStream(bytes));
        }
        else
        {
            await target.PushAsync(descriptor, new MemoryStream(bytes), tag);
        }

        return descriptor;
    }

    public static async Task PushBlobAsync(ITarget target, Descriptor descriptor, byte[] content)
    {
        if (!await target.ExistsAsync(descriptor))
        {
            await target.PushAsync(descriptor, new MemoryStream(content));
        }
    }

    /// <summary>Every file under a directory: relative forward-slash name → bytes.</summary>
    public static SortedDictionary<string, byte[]> ReadTree(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes), StringComparer.Ordinal);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
