using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>Publish a module directory and save it back, to a real docker-registry and to a layout directory alike.</summary>
public sealed class ModulePublishSaveTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ITarget Target, string RepositoryText) Open(string kind) => ModulePackages.OpenFresh(kind, fixture.Server, _dir, "mod");

    private static ITarget Reopen(ModuleAddress address, ITarget published) =>
        address.IsLayout ? new OciLayoutStore(address.LayoutDirectory!) : published;

    private string WriteModule(string name = "module")
    {
        var root = _dir.Combine(name);
        Write(root, "main.tf", "resource \"null_resource\" \"x\" {}\n");
        Write(root, "variables.tf", "variable \"name\" { default = \"ü\" }\n");
        Write(root, "modules/child/main.tf", "output \"x\" { value = 1 }\n");
        Write(root, "empty.txt", string.Empty);
        Write(root, "scripts/run.sh", "#!/bin/sh\necho hi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, "scripts", "run.sh"), (UnixFileMode)0x1ED);
        }

        return root;
    }

    private static void Write(string root, string name, string content)
    {
        var path = Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    private static Task<ModulePublishResult> Publish(ITarget target, string repositoryText, string directory, string[]? tags = null, string[]? exclude = null,
        bool defaults = true, string? source = null, string? version = null, DateTimeOffset? created = null, IProgress<TransferProgress>? progress = null) =>
        ModulePublisher.PublishAsync(new ModulePublishRequest
        {
            Directory = directory,
            Target = target,
            RepositoryText = repositoryText,
            Tags = tags ?? [],
            Exclude = exclude ?? [],
            UseDefaultExcludes = defaults,
            SourceAnnotation = source,
            VersionAnnotation = version,
            Created = created,
        }, progress);

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Published_module_saves_back_byte_for_byte_by_tag_and_by_pinned_digest(string kind)
    {
        var module = WriteModule();
        var (target, repo) = Open(kind);

        var result = await Publish(target, repo, module, ["v1.0.0", "latest", "v1.0.0"]);

        Assert.Equal(["v1.0.0", "latest"], result.Tags);
        Assert.Equal(["empty.txt", "main.tf", "modules/child/main.tf", "scripts/run.sh", "variables.tf"], result.Files);
        Assert.Equal($"{(kind == "layout" ? string.Empty : "oci://")}{repo}?digest={result.ManifestDigest}", result.Source);
        Assert.Equal(kind == "layout", result.IsLayout);
        Assert.Equal(2, result.BlobsUploaded);
        Assert.Equal(0, result.BlobsSkipped);
        Assert.Equal(result.ManifestDigest, (await target.ResolveAsync("v1.0.0")).Digest);
        Assert.Equal(result.ManifestDigest, (await target.ResolveAsync("latest")).Digest);

        var original = ModulePackages.ReadTree(module);
        foreach (var source in new[] { result.Source, ModuleAddress.Format(repo, null, "v1.0.0", null), ModuleAddress.Format(repo, null, null, null) })
        {
            var address = ModuleAddress.Parse(source);
            var destination = _dir.Combine("saved-" + Guid.NewGuid().ToString("N")[..8]);
            var saved = await ModuleSaver.SaveAsync(Reopen(address, target), address, destination);
            Assert.Equal(original, ModulePackages.ReadTree(destination));
            Assert.Equal(result.ManifestDigest, saved.ManifestDigest);
            Assert.Equal(result.LayerDigest, saved.LayerDigest);
            Assert.Equal(result.Source, saved.PinnedSource);
            Assert.Equal(5, saved.FileCount);
            Assert.Equal(original.Values.Sum(v => (long)v.Length), saved.TotalBytes);
            if (!OperatingSystem.IsWindows())
            {
                Assert.True((File.GetUnixFileMode(Path.Combine(destination, "scripts", "run.sh")) & UnixFileMode.UserExecute) != 0);
                Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(destination, "main.tf")));
            }
        }
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task The_manifest_is_what_OpenTofu_reads_and_publishing_again_gives_the_same_digest(string kind)
    {
        var module = WriteModule();
        var (target, repo) = Open(kind);
        var first = await Publish(target, repo, module);
        var again = await Publish(target, repo, module);
        // Same files from another directory (another checkout) give the same manifest too.
        var copy = WriteModule("other-checkout");
        var third = await Publish(target, repo, copy);

        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
        Assert.Equal(first.ManifestDigest, third.ManifestDigest);
        Assert.Equal(0, again.BlobsUploaded);
        Assert.Equal(2, again.BlobsSkipped);
        Assert.Equal(["latest"], first.Tags);

        var descriptor = await target.ResolveAsync("latest");
        var bytes = await ContentReader.ReadManifestAsync(target, descriptor, repo);
        var manifest = OciJson.ReadManifest(bytes);
        Assert.Equal((MediaTypes.ImageManifest, MediaTypes.OpenTofuModulePackage), OciJson.ReadTypes(bytes));
        Assert.Equal(EmptyConfig.Digest, manifest.Config!.Digest);
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.Zip, layer.MediaType);
        Assert.Equal(first.LayerDigest, layer.Digest);
        var expectedTitle = (kind == "layout" ? Path.GetFileName(repo) : repo[(repo.LastIndexOf('/') + 1)..]) + ".zip";
        Assert.Equal(new Dictionary<string, string> { [AnnotationKeys.Title] = expectedTitle }, layer.Annotations);
        Assert.Equal(expectedTitle, first.FileName);
        Assert.Null(manifest.Annotations);
        Assert.DoesNotContain("created", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotations_are_written_only_when_given()
    {
        var module = WriteModule();
        var (target, repo) = Open("registry");
        var plain = await Publish(target, repo, module);
        var annotated = await Publish(target, repo, module, ["annotated"], source: "https://git.example.com/infra/vpc", version: "1.4.0",
            created: new DateTimeOffset(2026, 1, 31, 13, 0, 5, 500, TimeSpan.FromHours(1)));

        Assert.NotEqual(plain.ManifestDigest, annotated.ManifestDigest);
        Assert.Equal(plain.LayerDigest, annotated.LayerDigest);
        var bytes = await ContentReader.ReadManifestAsync(target, await target.ResolveAsync("annotated"), repo);
        Assert.Equal(new Dictionary<string, string>
        {
            [AnnotationKeys.Source] = "https://git.example.com/infra/vpc",
            [AnnotationKeys.Version] = "1.4.0",
            [AnnotationKeys.Created] = "2026-01-31T12:00:05Z",
        }, OciJson.ReadManifest(bytes).Annotations);
    }

    [Fact]
    public async Task Default_exclusions_and_exclude_patterns_leave_files_out()
    {
        var module = WriteModule();
        foreach (var junk in new[] { ".terraform/modules/x.tf", ".git/HEAD", "terraform.tfstate", "sub/prod.tfstate", "terraform.tfstate.backup",
                     ".terraform.tfstate.lock.info", "terraform.tfstate.d/dev/terraform.tfstate", "crash.log", "crash.20260101.log", "prod.tfvars", "examples/basic/main.tf", "docs/img/a.png" })
        {
            Write(module, junk, "x");
        }

        var (target, repo) = Open("layout");
        var result = await Publish(target, repo, module, exclude: ["*.tfvars", "examples/", "docs/**/*.png"]);
        Assert.Equal(["empty.txt", "main.tf", "modules/child/main.tf", "scripts/run.sh", "variables.tf"], result.Files);

        var all = await Publish(target, repo, module, ["all"], defaults: false);
        Assert.Contains(".terraform/modules/x.tf", all.Files);
        Assert.Contains("terraform.tfstate", all.Files);
        Assert.Contains("crash.log", all.Files);
        Assert.Equal(17, all.Files.Count);
    }

    [Fact]
    public async Task Symlinks_to_files_inside_are_packaged_as_copies_and_links_out_are_refused_before_anything_is_pushed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var module = WriteModule();
        File.CreateSymbolicLink(Path.Combine(module, "link.tf"), "main.tf");
        var (target, repo) = Open("registry");
        var result = await Publish(target, repo, module);
        Assert.Contains("link.tf", result.Files);
        var saved = _dir.Combine("saved");
        await ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), saved);
        Assert.Equal(File.ReadAllBytes(Path.Combine(module, "main.tf")), File.ReadAllBytes(Path.Combine(saved, "link.tf")));
        Assert.Null(new FileInfo(Path.Combine(saved, "link.tf")).LinkTarget);

        var outside = _dir.Combine("secret.txt");
        File.WriteAllText(outside, "secret");
        var escaping = WriteModule("escaping");
        File.CreateSymbolicLink(Path.Combine(escaping, "steal.txt"), outside);
        var (target2, repo2) = Open("registry");
        var e = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target2, repo2, escaping));
        Assert.Equal(ErrorIds.UnsafeSymlink, e.ErrorId);
        Assert.Contains("\"steal.txt\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("points outside the directory", e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<TofuOciException>(() => target2.ResolveAsync("latest"))).Kind);
    }

    [Fact]
    public async Task An_empty_module_directory_and_a_missing_one_are_refused()
    {
        var (target, repo) = Open("layout");
        var empty = _dir.Combine("empty");
        Directory.CreateDirectory(Path.Combine(empty, ".terraform"));
        File.WriteAllText(Path.Combine(empty, ".terraform", "x"), "x");
        var e = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, repo, empty));
        Assert.Equal(ErrorIds.EmptyModuleDirectory, e.ErrorId);
        Assert.Equal(ErrorIds.NotFound, (await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, repo, _dir.Combine("missing")))).ErrorId);
        Assert.Equal(ErrorIds.InvalidReference, (await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, repo, WriteModule(), ["bad tag"]))).ErrorId);
        var blobs = Path.Combine(repo["oci-layout:".Length..], "blobs");
        Assert.Empty(Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData("//modules/child", "modules/child", new[] { "main.tf" })]
    [InlineData("//modules/*", "modules/child", new[] { "main.tf" })]
    [InlineData("//scripts", "scripts", new[] { "run.sh" })]
    public async Task A_subdir_saves_only_that_directory(string subdir, string selected, string[] files)
    {
        var module = WriteModule();
        var (target, repo) = Open("registry");
        var result = await Publish(target, repo, module);
        var address = ModuleAddress.Parse($"oci://{repo}{subdir}?tag=latest");
        var saved = await ModuleSaver.SaveAsync(target, address, _dir.Combine("sub"));
        Assert.Equal(selected, saved.Subdir);
        Assert.Equal(files, ModulePackages.ReadTree(saved.Destination).Keys);
        Assert.Equal($"oci://{repo}{subdir}?digest={result.ManifestDigest}", saved.PinnedSource);
        Assert.Equal(1, saved.FileCount);
        Assert.Equal(["sub"], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Where(n => n!.Contains("sub", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("//nope", "subdir \"nope\" not found in the package")]
    [InlineData("//main.tf", "subdir \"main.tf\" not found in the package")]
    [InlineData("//*", "subdir \"*\" matches multiple paths (modules, scripts)")]
    public async Task A_missing_or_ambiguous_subdir_fails_and_leaves_nothing(string subdir, string fact)
    {
        var module = WriteModule();
        var (target, repo) = Open("layout");
        await Publish(target, repo, module);
        var parent = _dir.Combine("dest-parent");
        var e = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSaver.SaveAsync(target, ModuleAddress.Parse($"{repo}{subdir}"), Path.Combine(parent, "x")));
        Assert.Equal(ErrorIds.InvalidModuleSubdirectory, e.ErrorId);
        Assert.Contains(fact, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(parent));
    }

    [Fact]
    public async Task An_existing_destination_is_refused_unless_forced_and_then_replaced_whole()
    {
        var module = WriteModule();
        var (target, repo) = Open("layout");
        var result = await Publish(target, repo, module);
        var destination = _dir.Combine("dest");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "old.tf"), "old");

        var e = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), destination));
        Assert.Equal(ErrorIds.DestinationExists, e.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, e.Kind);
        Assert.Equal(["old.tf"], ModulePackages.ReadTree(destination).Keys);

        await ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), destination, force: true);
        Assert.Equal(ModulePackages.ReadTree(module), ModulePackages.ReadTree(destination));
        Assert.Equal(["dest", Path.GetFileName(repo), "module"],
            Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // An existing empty directory is fine without -Force.
        var empty = _dir.Combine("empty-dest");
        Directory.CreateDirectory(empty);
        await ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), empty);
        Assert.Equal(5, ModulePackages.ReadTree(empty).Count);
    }

    [Fact]
    public async Task A_failed_save_removes_every_directory_it_created_for_the_destination_and_keeps_those_that_were_there()
    {
        var module = WriteModule();
        var (target, repo) = Open("layout");
        await Publish(target, repo, module);
        var existing = Directory.CreateDirectory(_dir.Combine("existing")).FullName;

        var e = await Assert.ThrowsAsync<TofuOciException>(() =>
            ModuleSaver.SaveAsync(target, ModuleAddress.Parse($"{repo}//missing"), Path.Combine(existing, "a", "b", "c", "module")));

        Assert.Equal(ErrorIds.InvalidModuleSubdirectory, e.ErrorId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(existing));
    }

    [Fact]
    public async Task Force_replaces_a_link_to_a_directory_as_the_link_and_leaves_what_it_pointed_at_untouched()
    {
        var module = WriteModule();
        var (target, repo) = Open("layout");
        var result = await Publish(target, repo, module);
        var elsewhere = Directory.CreateDirectory(_dir.Combine("elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "precious.tf"), "keep");
        var destination = _dir.Combine("linked");
        Directory.CreateSymbolicLink(destination, elsewhere);

        var saved = await ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), destination, force: true);

        Assert.Equal(destination, saved.Destination);
        Assert.Null(new DirectoryInfo(destination).LinkTarget);
        Assert.Equal(ModulePackages.ReadTree(module), ModulePackages.ReadTree(destination));
        Assert.Equal(["precious.tf"], ModulePackages.ReadTree(elsewhere).Keys);
        Assert.Equal(["elsewhere", Path.GetFileName(repo), "linked", "module"],
            Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Progress_reports_every_byte_of_publish_and_save()
    {
        var module = WriteModule();
        var (target, repo) = Open("registry");
        var published = new List<TransferProgress>();
        var result = await Publish(target, repo, module, progress: new SyncProgress(published.Add));
        var last = published[^1];
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.Equal((3, 3), (last.ItemsDone, last.ItemsTotal));
        Assert.Equal(result.BytesUploaded, last.BytesDone);

        var saved = new List<TransferProgress>();
        await ModuleSaver.SaveAsync(target, ModuleAddress.Parse(result.Source), _dir.Combine("p"), progress: new SyncProgress(saved.Add));
        Assert.Equal(new TransferProgress(result.LayerSize, result.LayerSize, 1, 1, null), saved[^1]);
    }

    [Fact]
    public async Task A_layout_inside_the_module_directory_is_not_packaged()
    {
        var module = WriteModule();
        var layoutDir = Path.Combine(module, "out", "layout");
        var first = await Publish(new OciLayoutStore(layoutDir), "oci-layout:" + layoutDir, module);
        var second = await Publish(new OciLayoutStore(layoutDir), "oci-layout:" + layoutDir, module);
        Assert.Equal(["empty.txt", "main.tf", "modules/child/main.tf", "scripts/run.sh", "variables.tf"], second.Files);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }

    private sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
