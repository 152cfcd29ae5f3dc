using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Packages;
using static OpenTofuOci.Core.Tests.Hostile.HostileLayout;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>Module manifests, provider indexes and zips.</summary>
internal static partial class HostileCorpus
{
    private const string Module = MediaTypes.OpenTofuModulePackage;
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A module package whose manifest JSON <paramref name="manifest"/> builds (given the layout, config and zip layer), tagged "t".</summary>
    private static HostileCase ModuleManifest(string name, string expected, Func<HostileLayout, string, string, string> manifest,
        string taggedType = MediaTypes.ImageManifest) =>
        new(HostileCategory.Manifest, name, expected, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            var config = layout.EmptyConfig();
            var zip = layout.Add(MediaTypes.Zip, ModuleZip());
            var body = Encoding.UTF8.GetBytes(manifest(layout, config, zip));
            layout.Tag("t", layout.Add(taggedType, body)).Save();
            return ModuleSave(sandbox, layout.Directory);
        });

    private static HostileCase ModuleLayer(string name, string expected, Func<HostileLayout, string> layer) =>
        ModuleManifest(name, expected, (l, config, _) => ImageManifest(Module, config, layer(l)));

    private static IEnumerable<HostileCase> ManifestCases()
    {
        yield return ModuleManifest("body mediaType is an index", ErrorIds.NotAModulePackage,
            (_, c, z) => ImageManifest(Module, c, z).Replace(MediaTypes.ImageManifest, MediaTypes.ImageIndex));
        yield return ModuleManifest("body mediaType is a docker manifest list", ErrorIds.NotAModulePackage,
            (_, c, z) => ImageManifest(Module, c, z).Replace(MediaTypes.ImageManifest, MediaTypes.DockerManifestList));
        yield return ModuleManifest("body mediaType missing", ErrorIds.NotAModulePackage,
            (_, c, z) => ImageManifest(Module, c, z).Replace($"\"mediaType\":\"{MediaTypes.ImageManifest}\",", ""));
        yield return ModuleManifest("artifactType missing", ErrorIds.NotAModulePackage,
            (_, c, z) => ImageManifest(Module, c, z).Replace($"\"artifactType\":\"{Module}\",", ""));
        yield return ModuleManifest("artifactType of a provider", ErrorIds.NotAModulePackage, (_, c, z) => ImageManifest(MediaTypes.OpenTofuProviderTarget, c, z));
        yield return ModuleManifest("artifactType in upper case", ErrorIds.NotAModulePackage, (_, c, z) => ImageManifest(Module.ToUpperInvariant(), c, z));
        yield return ModuleManifest("no layers", ErrorIds.NoZipLayer, (_, c, _) => ImageManifest(Module, c));
        yield return ModuleManifest("layers is an object", ErrorIds.InvalidManifest, (_, c, z) => ImageManifest(Module, c, z).Replace("\"layers\":[", "\"layers\":{\"a\":").Replace("]}", "}}"));
        yield return ModuleManifest("layers is null", ErrorIds.NoZipLayer, (_, c, z) => ImageManifest(Module, c).Replace("\"layers\":[]", "\"layers\":null"));
        yield return ModuleManifest("two zip layers", ErrorIds.AmbiguousZipLayer, (_, c, z) => ImageManifest(Module, c, z, z));
        yield return ModuleManifest("only a tar layer", ErrorIds.NoZipLayer,
            (l, c, _) => ImageManifest(Module, c, l.Add("application/vnd.oci.image.layer.v1.tar", "tar")));
        yield return ModuleLayer("zip layer size negative", ErrorIds.SizeMismatch, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), -1));
        yield return ModuleLayer("zip layer size larger than the blob", ErrorIds.SizeMismatch, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), ModuleZip().Length + 10));
        yield return ModuleLayer("zip layer size smaller than the blob", ErrorIds.SizeMismatch, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), ModuleZip().Length - 10));
        yield return ModuleLayer("zip layer size of one tebibyte", ErrorIds.SizeMismatch, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), 1L << 40));
        yield return ModuleLayer("zip layer size beyond long", ErrorIds.InvalidManifest, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), 0).Replace("\"size\":0", "\"size\":99999999999999999999"));
        yield return ModuleLayer("zip layer size is a string", ErrorIds.InvalidManifest, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()), 0).Replace("\"size\":0", "\"size\":\"12\""));
        yield return ModuleLayer("zip layer digest algorithm md5", ErrorIds.UnsupportedDigestAlgorithm, l => Descriptor(MediaTypes.Zip, "md5:" + Hex64[..32], 10));
        yield return ModuleLayer("zip layer digest hex too short", ErrorIds.InvalidDigest, l => Descriptor(MediaTypes.Zip, "sha256:" + Hex64[..63], 10));
        yield return ModuleLayer("zip layer digest hex too long", ErrorIds.InvalidDigest, l => Descriptor(MediaTypes.Zip, "sha256:" + Hex64 + "0", 10));
        yield return ModuleLayer("zip layer digest in upper case hex", ErrorIds.InvalidDigest, l => Descriptor(MediaTypes.Zip, Sha256(ModuleZip()).ToUpperInvariant().Replace("SHA256", "sha256"), ModuleZip().Length));
        yield return ModuleLayer("zip layer digest without algorithm", ErrorIds.InvalidDigest, l => Descriptor(MediaTypes.Zip, Hex64, 10));
        yield return ModuleLayer("zip layer digest with path traversal", ErrorIds.InvalidDigest, l => Descriptor(MediaTypes.Zip, "sha256:../../../../etc/passwd", 10));
        yield return ModuleLayer("zip layer blob missing", ErrorIds.NotFound, l => Descriptor(MediaTypes.Zip, "sha256:" + Hex64, 10));
        yield return ModuleLayer("zip layer blob is other bytes", ErrorIds.DigestMismatch, l =>
        {
            var zip = ModuleZip();
            var other = RawZip.Build([RawEntry.Text("main.tf", "variable \"y\" {}\n")]);
            l.AddAt(Sha256(zip), other);
            return Descriptor(MediaTypes.Zip, Sha256(zip), other.Length);
        });
        yield return ModuleManifest("not JSON", ErrorIds.InvalidManifest, (_, _, _) => "this is not json");
        yield return ModuleManifest("truncated JSON", ErrorIds.InvalidManifest, (_, c, z) => ImageManifest(Module, c, z)[..40]);
        yield return ModuleManifest("a JSON array", ErrorIds.InvalidManifest, (_, _, _) => "[]");
        yield return ModuleManifest("JSON null", ErrorIds.InvalidManifest, (_, _, _) => "null");
        yield return ModuleManifest("empty body", ErrorIds.InvalidManifest, (_, _, _) => "");
        yield return ModuleManifest("larger than OpenTofu reads", ErrorIds.ManifestTooLarge,
            (_, c, z) => ImageManifest(Module, c, z).TrimEnd('}') + ",\"annotations\":{\"pad\":\"" + new string('x', 5 * 1024 * 1024) + "\"}}");
        yield return ModuleManifest("tagged as an index", ErrorIds.NotAModulePackage, (_, c, z) => ImageManifest(Module, c, z), MediaTypes.ImageIndex);
        yield return ModuleManifest("tagged as a plain blob", ErrorIds.NotAModulePackage, (_, c, z) => ImageManifest(Module, c, z), MediaTypes.Zip);
        yield return new HostileCase(HostileCategory.Manifest, "tagged with a size larger than the manifest", ErrorIds.SizeMismatch, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            var body = Encoding.UTF8.GetBytes(ImageManifest(Module, layout.EmptyConfig(), layout.Add(MediaTypes.Zip, ModuleZip())));
            layout.AddAt(Sha256(body), body);
            layout.Tag("t", Descriptor(MediaTypes.ImageManifest, Sha256(body), body.Length + 5)).Save();
            return ModuleSave(sandbox, layout.Directory);
        });
        yield return new HostileCase(HostileCategory.Manifest, "blob is not the tagged digest", ErrorIds.DigestMismatch, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            var body = Encoding.UTF8.GetBytes(ImageManifest(Module, layout.EmptyConfig(), layout.Add(MediaTypes.Zip, ModuleZip())));
            var forged = "sha256:" + Hex64;
            layout.AddAt(forged, body);
            layout.Tag("t", Descriptor(MediaTypes.ImageManifest, forged, body.Length)).Save();
            return ModuleSave(sandbox, layout.Directory);
        });
        yield return new HostileCase(HostileCategory.Manifest, "tagged descriptor digest names another algorithm", ErrorIds.UnsupportedDigestAlgorithm, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            layout.Tag("t", Descriptor(MediaTypes.ImageManifest, "sha1:" + Hex64[..40], 10)).Save();
            return ModuleSave(sandbox, layout.Directory);
        });
        yield return new HostileCase(HostileCategory.Manifest, "layout index.json is not JSON", ErrorIds.InvalidLayout, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            layout.Save();
            File.WriteAllText(Path.Combine(layout.Directory, "index.json"), "{\"manifests\":");
            return ModuleSave(sandbox, layout.Directory);
        });
    }

    /// <summary>A provider version 1.0.0 whose index JSON <paramref name="index"/> builds (given the layout and a valid linux_amd64 manifest descriptor).</summary>
    private static HostileCase ProviderIndex(string name, string expected, Func<HostileLayout, string, string> index, string taggedType = MediaTypes.ImageIndex) =>
        new(HostileCategory.Index, name, expected, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            var platform = PlatformManifest(layout, ImageManifest(MediaTypes.OpenTofuProviderTarget, layout.EmptyConfig(), layout.Add(MediaTypes.Zip, ProviderZip())));
            layout.Tag("1.0.0", layout.Add(taggedType, index(layout, platform))).Save();
            return ProviderInstall(sandbox, layout.Directory);
        });

    private static string PlatformManifest(HostileLayout layout, string json, string platform = LinuxAmd64) =>
        layout.Add(MediaTypes.ImageManifest, json, $"\"artifactType\":\"{MediaTypes.OpenTofuProviderTarget}\",{platform}");

    /// <summary>A provider whose linux_amd64 manifest JSON <paramref name="manifest"/> builds from the layout and a valid zip layer.</summary>
    private static HostileCase ProviderManifest(string name, string expected, Func<HostileLayout, string, string> manifest) =>
        ProviderIndex(name, expected, (l, _) =>
            Index(MediaTypes.OpenTofuProvider, PlatformManifest(l, manifest(l, l.Add(MediaTypes.Zip, ProviderZip())))));

    private static IEnumerable<HostileCase> IndexCases()
    {
        const string Provider = MediaTypes.OpenTofuProvider;
        yield return ProviderIndex("artifactType missing", ErrorIds.NotAProviderIndex, (_, m) => Index(Provider, m).Replace($"\"artifactType\":\"{Provider}\",", ""));
        yield return ProviderIndex("artifactType of a module", ErrorIds.NotAProviderIndex, (_, m) => Index(Module, m));
        yield return ProviderIndex("tagged as an image manifest", ErrorIds.NotAProviderIndex, (_, m) => Index(Provider, m), MediaTypes.ImageManifest);
        yield return ProviderIndex("no manifests", ErrorIds.NotAProviderIndex, (_, _) => Index(Provider));
        yield return ProviderIndex("manifests is null", ErrorIds.NotAProviderIndex, (_, _) => Index(Provider).Replace("\"manifests\":[]", "\"manifests\":null"));
        yield return ProviderIndex("manifests is a string", ErrorIds.InvalidManifest, (_, _) => Index(Provider).Replace("\"manifests\":[]", "\"manifests\":\"x\""));
        yield return ProviderIndex("duplicate platform entries", ErrorIds.AmbiguousPlatform, (l, m) =>
            Index(Provider, m, PlatformManifest(l, ImageManifest(MediaTypes.OpenTofuProviderTarget, l.EmptyConfig(), l.Add(MediaTypes.Zip, ProviderZip()), l.Add("text/plain", "x")))));
        yield return ProviderIndex("entry without platform", ErrorIds.InvalidManifest, (l, m) => Index(Provider, m.Replace("," + LinuxAmd64, "")));
        yield return ProviderIndex("platform os in upper case", ErrorIds.PlatformNotSupported, (l, m) => Index(Provider, m.Replace("\"linux\"", "\"Linux\"")));
        yield return ProviderIndex("platform is a string", ErrorIds.InvalidManifest, (l, m) => Index(Provider, m.Replace(LinuxAmd64, "\"platform\":\"linux/amd64\"")));
        yield return ProviderIndex("entry manifest missing", ErrorIds.NotFound, (l, m) =>
            Index(Provider, Descriptor(MediaTypes.ImageManifest, "sha256:" + Hex64, 100, $"\"artifactType\":\"{MediaTypes.OpenTofuProviderTarget}\",{LinuxAmd64}")));
        yield return ProviderIndex("entry size negative", ErrorIds.InvalidManifest, (l, m) => Index(Provider, System.Text.RegularExpressions.Regex.Replace(m, "\"size\":\\d+", "\"size\":-5")));
        yield return ProviderIndex("entry size larger than the manifest", ErrorIds.SizeMismatch, (l, m) => Index(Provider, System.Text.RegularExpressions.Regex.Replace(m, "\"size\":(\\d+)", "\"size\":1$1")));
        yield return ProviderIndex("entry digest in upper case hex", ErrorIds.InvalidDigest, (l, m) => Index(Provider, System.Text.RegularExpressions.Regex.Replace(m, "sha256:([0-9a-f]{64})", x => "sha256:" + x.Groups[1].Value.ToUpperInvariant())));
        yield return ProviderIndex("entry digest algorithm unknown", ErrorIds.UnsupportedDigestAlgorithm, (l, m) => Index(Provider, System.Text.RegularExpressions.Regex.Replace(m, "sha256:([0-9a-f]{64})", "blake3:$1")));
        yield return ProviderIndex("entry digest hex wrong length", ErrorIds.InvalidDigest, (l, m) => Index(Provider, System.Text.RegularExpressions.Regex.Replace(m, "sha256:([0-9a-f]{64})", "sha256:$1ab")));
        yield return ProviderIndex("entry is a nested index", ErrorIds.UnsupportedMediaType, (l, m) =>
            Index(Provider, l.Add(MediaTypes.ImageIndex, Index(Provider, m), $"\"artifactType\":\"{MediaTypes.OpenTofuProviderTarget}\",{LinuxAmd64}")));
        yield return ProviderIndex("entry media type unknown", ErrorIds.UnsupportedMediaType, (l, m) => Index(Provider, m.Replace(MediaTypes.ImageManifest, "application/x-hostile")));
        yield return ProviderIndex("not JSON", ErrorIds.InvalidManifest, (_, _) => "{{{{");
        yield return ProviderIndex("larger than OpenTofu reads", ErrorIds.ManifestTooLarge, (_, m) => Index(Provider, m).TrimEnd('}') + ",\"annotations\":{\"pad\":\"" + new string('y', 5 * 1024 * 1024) + "\"}}");
        yield return ProviderIndex("body mediaType is an image manifest", ErrorIds.NotAProviderIndex, (_, m) => Index(Provider, m).Replace($"\"mediaType\":\"{MediaTypes.ImageIndex}\"", $"\"mediaType\":\"{MediaTypes.ImageManifest}\""));
        yield return ProviderManifest("platform manifest has no zip layer", ErrorIds.NoZipLayer, (l, _) => ImageManifest(MediaTypes.OpenTofuProviderTarget, l.EmptyConfig()));
        yield return ProviderManifest("platform manifest has two zip layers", ErrorIds.AmbiguousZipLayer, (l, z) => ImageManifest(MediaTypes.OpenTofuProviderTarget, l.EmptyConfig(), z, z));
        yield return ProviderManifest("platform manifest artifactType of a module", ErrorIds.InvalidManifest, (l, z) => ImageManifest(Module, l.EmptyConfig(), z));
        yield return ProviderManifest("platform manifest is not JSON", ErrorIds.InvalidManifest, (_, _) => "not json");
        yield return ProviderManifest("platform zip layer digest mismatch", ErrorIds.DigestMismatch, (l, z) =>
        {
            var zip = ProviderZip();
            l.AddAt(Sha256(zip), RawZip.Build([RawEntry.Text("terraform-provider-name_v1.0.0", "#!/bin/sH\n", 0x81ED)]));
            return ImageManifest(MediaTypes.OpenTofuProviderTarget, l.EmptyConfig(), Descriptor(MediaTypes.Zip, Sha256(zip), zip.Length));
        });
        yield return ProviderManifest("platform zip without the provider binary", ErrorIds.ProviderBinaryNotFound, (l, _) =>
            ImageManifest(MediaTypes.OpenTofuProviderTarget, l.EmptyConfig(), l.Add(MediaTypes.Zip, RawZip.Build([RawEntry.Text("README", "x")]))));
    }

    /// <summary>A valid module manifest whose zip layer holds <paramref name="entries"/>.</summary>
    private static HostileCase ModuleZipCase(string name, string expected, Func<byte[]> zip) =>
        new(HostileCategory.Zip, name, expected, sandbox =>
        {
            var layout = new HostileLayout(sandbox.Path_("layout"));
            var manifest = ImageManifest(Module, layout.EmptyConfig(), layout.Add(MediaTypes.Zip, zip()));
            layout.Tag("t", layout.Add(MediaTypes.ImageManifest, manifest)).Save();
            return ModuleSave(sandbox, layout.Directory);
        });

    private static HostileCase Entries(string name, string expected, params RawEntry[] entries) => ModuleZipCase(name, expected, () => RawZip.Build(entries));

    private static IEnumerable<HostileCase> ZipCases()
    {
        var ok = RawEntry.Text("main.tf", "# ok\n");
        yield return Entries("entry climbing out with ../", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("../evil.tf", "x"));
        yield return Entries("entry climbing out through a subdirectory", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("a/../../evil.tf", "x"));
        yield return Entries("entry climbing out with backslashes", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("..\\evil.tf", "x"));
        yield return Entries("absolute entry", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("/tmp/evil.tf", "x"));
        yield return Entries("absolute entry with backslash", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("\\evil.tf", "x"));
        yield return Entries("drive letter entry", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("C:/evil.tf", "x"));
        yield return Entries("symlink to an absolute path", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Symlink("passwd", "/etc/passwd"));
        yield return Entries("symlink climbing out", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Symlink("up", "../../outside"));
        yield return Entries("file written through a symlinked directory", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Symlink("d", ".."), RawEntry.Text("d/evil.tf", "x"));
        yield return Entries("duplicate names", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("main.tf", "# again\n"));
        yield return Entries("names differing only in case", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("MAIN.tf", "# again\n"));
        yield return Entries("NUL in a name", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("evil\0.tf", "x"));
        yield return Entries("empty name", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("", "x"));
        yield return Entries("dot-dot directory entry", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Directory("../"));
        yield return Entries("file and directory of the same name", ErrorIds.UnsafeArchiveEntry, ok, RawEntry.Text("x", "file"), RawEntry.Text("x/y.tf", "x"));
        yield return Entries("character device entry", ErrorIds.UnsafeArchiveEntry, ok, new RawEntry("dev", [], 0x2180, Deflate: false));
        yield return Entries("fifo entry", ErrorIds.UnsafeArchiveEntry, ok, new RawEntry("fifo", [], 0x1180, Deflate: false));
        // The file system refuses the name; reported as the path that could not be written.
        yield return Entries("name longer than a path may be", ErrorIds.FileAccessFailed, ok, RawEntry.Text(new string('a', 5000) + ".tf", "x"));
        yield return ModuleZipCase("more entries than the limit", ErrorIds.ArchiveTooLarge,
            () => RawZip.Build(Enumerable.Range(0, 10_001).Select(i => new RawEntry($"f{i}", [], Deflate: false))));
        yield return ModuleZipCase("not a zip", ErrorIds.InvalidArchive, () => Encoding.UTF8.GetBytes("PK but not really a zip file at all"));
        yield return ModuleZipCase("zip cut in half", ErrorIds.InvalidArchive, () => { var z = RawZip.Build([ok, RawEntry.Text("b.tf", new string('b', 4000))]); return z[..(z.Length / 2)]; });
        yield return ModuleZipCase("zip with no entries", ErrorIds.EmptyArchive, () => RawZip.Build([]));
    }
}
