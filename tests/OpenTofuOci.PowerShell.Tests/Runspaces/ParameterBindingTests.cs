using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.TestFixtures;
using static OpenTofuOci.PowerShell.Tests.Runspaces.BindingTrace;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// The provider and module cmdlets' parameter sets and pipeline binding as their help documents them,
/// in a real runspace against a real registry: PowerShell's own binding trace shows which parameter
/// took each argument, and the result shows what the cmdlet did with it.
/// </summary>
[Collection(BindingTraceGroup.Name)]
public sealed class ParameterBindingTests(PlainSeededRegistry registry) : IClassFixture<PlainSeededRegistry>, IDisposable
{
    private const string Fs = @"Microsoft.PowerShell.Core\FileSystem::";
    private readonly TempDirectory _dir = new("tofuoci-ps-binding-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    private PowerShellRun Run(string script) => _ps.Run(script,
        ("registry", registry.Address), ("template", registry.Template), ("hello", registry.Repository("hello")),
        ("world", registry.Repository("world")), ("dist", registry.HelloRelease), ("dir", _dir.Path), ("module", registry.ModuleDirectory));

    private const string DiscoveredCredentials = "credentials: as tofu finds them (oci_credentials blocks, credential helpers, Docker-style files such as ~/.docker/config.json); the source used is named when a registry asks for credentials.";

    [Fact]
    public async Task Get_TofuOciTag_output_piped_to_Publish_TofuProvider_binds_InputObject_and_copies_each_version_into_Repository()
    {
        var run = Run(Traced("Get-TofuOciTag $hello -PlainHttp | Publish-TofuProvider -Repository \"$registry/copies/hello\" -PlainHttp")).AssertClean();

        var source = registry.Repository("hello");
        var destination = $"{registry.Address}/copies/hello";
        Assert.Equal(["PlainHttp=True", $"Repository={destination}"], Named(run, "Publish-TofuProvider"));
        Assert.Equal(
        [
            $"InputObject<={source}:1.0.0 (ValueFromPipeline NO COERCION)",
            $"InputObject<={source}:1.1.0 (ValueFromPipeline NO COERCION)",
            $"InputObject<={source}:2.0.0 (ValueFromPipeline NO COERCION)",
        ], Piped(run, "Publish-TofuProvider"));
        var copies = run.OutputOf<TofuProviderPublishInfo>();
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0"], copies.Select(c => c.Tag));
        Assert.All(copies, c =>
        {
            Assert.Equal(destination, c.Repository);
            Assert.Equal(source, c.SourceRepository);
            Assert.Equal("Published", c.Status);
        });
        // Copied unchanged: the same index digests as the source's versions.
        var sourceDigests = Run("(Get-TofuProviderVersion example/hello -Repository $hello -PlainHttp).Digest").AssertClean().Output.Select(o => o.ToString());
        Assert.Equal(sourceDigests, copies.Select(c => c.Digest));
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0"], await registry.TagsAsync("copies/hello"));
    }

    [Fact]
    public async Task Get_ChildItem_output_piped_to_Publish_TofuProvider_binds_LiteralPath_through_PSPath_and_publishes_one_release()
    {
        var run = Run(Traced("Get-ChildItem -LiteralPath $dist | Publish-TofuProvider -Repository \"$registry/piped/hello\" -PlainHttp")).AssertClean();

        Assert.Equal(["PlainHttp=True", $"Repository={registry.Address}/piped/hello"], Named(run, "Publish-TofuProvider"));
        // Every file of the directory (Get-ChildItem's order), each through its PSPath property.
        Assert.Equal(
            Directory.GetFiles(registry.HelloRelease).Select(f => $"LiteralPath<={Fs}{f} (ValueFromPipelineByPropertyName NO COERCION)").Order(StringComparer.Ordinal),
            Piped(run, "Publish-TofuProvider").Order(StringComparer.Ordinal));
        var published = Assert.Single(run.OutputOf<TofuProviderPublishInfo>());
        Assert.Equal(("1.0.0", "Published", (string?)null), (published.Tag, published.Status, published.SourceRepository));
        Assert.Equal(SeededRegistry.Platforms, published.Platforms);
        Assert.Equal(["1.0.0"], await registry.TagsAsync("piped/hello"));
    }

    [Fact]
    public void A_positional_wildcard_binds_Path_and_a_bracketed_name_binds_LiteralPath()
    {
        var literal = _dir.Combine("dist[1]");
        Directory.CreateDirectory(literal);
        foreach (var file in Directory.GetFiles(registry.HelloRelease))
        {
            File.Copy(file, Path.Combine(literal, Path.GetFileName(file)));
        }

        var run = Run(Traced("""
            Publish-TofuProvider "$dist/*_linux_amd64.zip" -Repository "$registry/wild/hello" -PlainHttp
            Publish-TofuProvider -LiteralPath (Join-Path $dir 'dist[1]') -Repository "$registry/literal/hello" -PlainHttp
            """)).AssertClean();

        Assert.Equal(
        [
            $"LiteralPath={literal}", $"Path={registry.HelloRelease}/*_linux_amd64.zip", "PlainHttp=True", "PlainHttp=True",
            $"Repository={registry.Address}/literal/hello", $"Repository={registry.Address}/wild/hello",
        ], Named(run, "Publish-TofuProvider"));
        var results = run.OutputOf<TofuProviderPublishInfo>();
        Assert.Equal([["linux_amd64"], SeededRegistry.Platforms], results.Select(r => r.Platforms));
    }

    [Fact]
    public void Get_TofuProviderVersion_output_piped_to_Install_TofuProvider_binds_InputObject_and_needs_no_Repository()
    {
        var run = Run(Traced("""
            Get-TofuProviderVersion -Source example/hello -Repository $hello -PlainHttp |
                Where-Object Version -like '1.*' |
                Install-TofuProvider -Destination $dir -Packed -Platform linux_amd64 -PassThru
            """)).AssertClean();

        Assert.Equal([$"Destination={_dir.Path}", "Packed=True", "PassThru=True", "Platform=linux_amd64"], Named(run, "Install-TofuProvider"));
        // Two objects pass Where-Object; each binds -InputObject by value and is read from its own repository.
        Assert.Equal(
        [
            "InputObject<=registry.opentofu.org/example/hello 1.0.0 (ValueFromPipeline NO COERCION)",
            "InputObject<=registry.opentofu.org/example/hello 1.1.0 (ValueFromPipeline NO COERCION)",
        ], Piped(run, "Install-TofuProvider").Order(StringComparer.Ordinal));
        var packages = run.OutputOf<TofuProviderPackageInfo>();
        Assert.Equal(["1.0.0", "1.1.0"], packages.Select(p => p.Version));
        // The piped versions, not the newest (2.0.0), each as a packed zip.
        var providerDir = _dir.Combine("registry.opentofu.org", "example", "hello");
        Assert.Equal(
            ["terraform-provider-hello_1.0.0_linux_amd64.zip", "terraform-provider-hello_1.1.0_linux_amd64.zip"],
            Directory.GetFileSystemEntries(providerDir, "*.zip").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(ReleaseFiles.Zip("hello", "1.1.0", "linux_amd64"), File.ReadAllBytes(Path.Combine(providerDir, "terraform-provider-hello_1.1.0_linux_amd64.zip")));
    }

    [Fact]
    public void Addresses_piped_to_Install_TofuProvider_bind_Source_by_value_and_RepositoryTemplate_chooses_the_template_set()
    {
        var run = Run(Traced("""
            'example/hello', 'example/world' |
                Install-TofuProvider -RepositoryTemplate $template -PlainHttp -Destination $dir -Platform linux_amd64 -Verbose -PassThru
            """)).AssertClean();

        Assert.Equal(["Source<=example/hello (ValueFromPipeline NO COERCION)", "Source<=example/world (ValueFromPipeline NO COERCION)"],
            Piped(run, "Install-TofuProvider"));
        Assert.Equal(
            [$"Destination={_dir.Path}", "PassThru=True", "PlainHttp=True", "Platform=linux_amd64", $"RepositoryTemplate={registry.Template}", "Verbose=True"],
            Named(run, "Install-TofuProvider"));
        Assert.Equal(2, run.Verbose.Count(v => v == $"Reading providers from the repositories the template {registry.Template} maps provider addresses to, over plain HTTP (-PlainHttp); {DiscoveredCredentials}"));
        Assert.Equal(["registry.opentofu.org/example/hello 2.0.0 linux_amd64", "registry.opentofu.org/example/world 1.0.0 linux_amd64"],
            run.Output.Select(o => o.ToString()));
        Assert.True(File.Exists(_dir.Combine("registry.opentofu.org", "example", "world", "1.0.0", "linux_amd64", "terraform-provider-world_v1.0.0")));
    }

    [Fact]
    public void Without_Repository_or_RepositoryTemplate_the_provider_cmdlets_take_the_Configuration_set_and_read_the_CLI_configuration()
    {
        var configDir = Path.Combine(TestEnvironment.HomeDirectory, ".terraform.d");
        Directory.CreateDirectory(configDir);
        var config = Path.Combine(configDir, "parameter-binding-tests.tfrc");
        File.WriteAllText(config, $$"""
            provider_installation {
              oci_mirror {
                repository_template = "{{registry.Template}}"
                include             = ["registry.opentofu.org/example/*"]
              }
            }
            """);
        try
        {
            var lockFile = _dir.Combine(".terraform.lock.hcl");
            var run = Run(Traced("""
                $lock = Join-Path $dir '.terraform.lock.hcl'
                'example/world' | Get-TofuProviderVersion -PlainHttp -Verbose
                [pscustomobject]@{ Source = 'example/hello'; Version = '1.1.0' } | Update-TofuLockFile -Path $lock -Platform linux_amd64 -PlainHttp -Verbose -PassThru
                Install-TofuProvider example/world -Destination $dir -Platform linux_amd64 -PlainHttp -Verbose -PassThru
                """)).AssertClean();

            Assert.Equal(["PlainHttp=True", "Verbose=True"], Named(run, "Get-TofuProviderVersion"));
            Assert.Equal(["Source<=example/world (ValueFromPipeline NO COERCION)"], Piped(run, "Get-TofuProviderVersion"));
            Assert.Equal(["PassThru=True", $"Path={lockFile}", "PlainHttp=True", "Platform=linux_amd64", "Verbose=True"], Named(run, "Update-TofuLockFile"));
            Assert.Equal(
                ["Source<=example/hello (ValueFromPipelineByPropertyName NO COERCION)", "Version<=1.1.0 (ValueFromPipelineByPropertyName NO COERCION)"],
                Piped(run, "Update-TofuLockFile").Order(StringComparer.Ordinal));
            Assert.Equal([$"Destination={_dir.Path}", "PassThru=True", "PlainHttp=True", "Platform=linux_amd64", "Source=example/world", "Verbose=True"], Named(run, "Install-TofuProvider"));
            var configuration = $"Reading providers from the repositories the oci_mirror blocks of the OpenTofu CLI configuration map provider addresses to, over plain HTTP (-PlainHttp); {DiscoveredCredentials}";
            Assert.Equal(3, run.Verbose.Count(v => v == configuration));
            Assert.Equal(3, run.Verbose.Count(v => v == $"Read the OpenTofu CLI configuration from {config}."));
            Assert.Equal(["registry.opentofu.org/example/world 1.0.0", "registry.opentofu.org/example/hello 1.1.0 linux_amd64", "registry.opentofu.org/example/world 1.0.0 linux_amd64"],
                run.Output.Select(o => o.ToString()));
            Assert.Contains("provider \"registry.opentofu.org/example/hello\" {\n  version     = \"1.1.0\"\n  constraints = \"1.1.0\"\n", File.ReadAllText(lockFile));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Repositories_bind_to_Get_TofuOciTag_by_value_and_by_property_name()
    {
        var run = Run(Traced("""
            $hello, [pscustomobject]@{ Repository = $world } | Get-TofuOciTag -PlainHttp
            """)).AssertClean();

        Assert.Equal(["PlainHttp=True"], Named(run, "Get-TofuOciTag"));
        Assert.Equal(
        [
            $"Repository<={registry.Repository("hello")} (ValueFromPipeline NO COERCION)",
            $"Repository<={registry.Repository("world")} (ValueFromPipelineByPropertyName NO COERCION)",
        ], Piped(run, "Get-TofuOciTag"));
        Assert.Equal(
            [$"{registry.Repository("hello")}:1.0.0", $"{registry.Repository("hello")}:1.1.0", $"{registry.Repository("hello")}:2.0.0", $"{registry.Repository("world")}:1.0.0"],
            run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_directory_piped_to_Publish_TofuModule_binds_LiteralPath_and_its_output_binds_Save_TofuModule_Source_by_property_name()
    {
        var saved = _dir.Combine("saved");
        var run = Run(Traced("""
            Get-Item -LiteralPath $module | Publish-TofuModule -Repository "$registry/modules/piped" -Tag 2.0.0 -PlainHttp |
                Save-TofuModule -Destination (Join-Path $dir 'saved') -PlainHttp -PassThru
            """)).AssertClean();

        Assert.Equal([$"LiteralPath<={Fs}{registry.ModuleDirectory} (ValueFromPipelineByPropertyName NO COERCION)"], Piped(run, "Publish-TofuModule"));
        Assert.Equal([$"Destination={saved}", "PassThru=True", "PlainHttp=True"], Named(run, "Save-TofuModule"));
        var pinned = Assert.Single(Piped(run, "Save-TofuModule"));
        Assert.Matches($@"^Source<=oci://{registry.Address}/modules/piped\?digest=sha256:[0-9a-f]{{64}} \(ValueFromPipelineByPropertyName NO COERCION\)$", pinned);
        var result = Assert.Single(run.OutputOf<TofuModuleSaveInfo>());
        Assert.Equal(saved, result.Path);
        Assert.Equal(["main.tf", "outputs.tf"], Directory.GetFiles(saved).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(registry.ModuleDirectory, "main.tf")), File.ReadAllText(Path.Combine(saved, "main.tf")));
    }

    [Fact]
    public void Repository_and_RepositoryTemplate_together_are_refused_by_the_binder_before_the_cmdlet_runs()
    {
        var run = Run("""
            Install-TofuProvider example/hello -Repository $hello -RepositoryTemplate $template -PlainHttp -Destination $dir -ErrorAction Continue
            Get-TofuProviderVersion example/hello -Repository $hello -RepositoryTemplate $template -PlainHttp
            """);

        Assert.Equal(
        [
            "AmbiguousParameterSet,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand",
            "AmbiguousParameterSet,OpenTofuOci.PowerShell.Commands.GetTofuProviderVersionCommand",
        ], run.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.All(run.Errors, e => Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.Empty(run.Output);
        Assert.Empty(FileTree.Snapshot(_dir.Path));
    }
}
