using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// <c>-WhatIf</c> and <c>-Confirm</c> on every state-changing cmdlet, in a real runspace whose host
/// answers the prompts: What-if and No write nothing at all (the registry's storage, the files of the
/// test and <c>~/.docker</c> are compared before and after) and name the operation and its target;
/// Yes, as a control, does write, so the comparison can tell.
/// </summary>
public sealed class ShouldProcessTests(PlainSeededRegistry registry) : IClassFixture<PlainSeededRegistry>, IDisposable
{
    public enum Mode
    {
        WhatIf,
        ConfirmNo,
        ConfirmYes,
    }

    /// <summary>A state-changing command: setup (not compared), the command with {0} for -WhatIf/-Confirm, and the operation and target it names.</summary>
    private sealed record Case(string? Setup, string Command, Func<Context, (string Operation, string Target)> Expected);

    private sealed record Context(string Registry, string Dir, string Module);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Publish-TofuProvider from files"] = new(null,
            "Publish-TofuProvider -Path $dist -Repository \"$registry/sp/files\" -PlainHttp {0}",
            c => ("Publish provider hello 1.0.0 (linux_amd64, windows_amd64)", $"{c.Registry}/sp/files:1.0.0")),
        ["Publish-TofuProvider copying a piped tag"] = new(null,
            "Get-TofuOciTag $hello -Name 1.1.0 -PlainHttp | Publish-TofuProvider -Repository \"$registry/sp/copy\" -PlainHttp {0}",
            c => ($"Copy provider version 1.1.0 from {c.Registry}/providers/example/hello", $"{c.Registry}/sp/copy:1.1.0")),
        ["Copy-TofuProvider from a mirror directory"] = new(
            "$src = Join-Path $dir 'src/registry.opentofu.org/example/hello'; $null = New-Item -ItemType Directory -Path $src -Force; Copy-Item (Join-Path $dist '*.zip') $src",
            "Copy-TofuProvider example/hello -FromDirectory (Join-Path $dir src) -AllowUnsigned -Repository \"$registry/sp/mirror\" -PlainHttp {0}",
            c => ("Copy provider registry.opentofu.org/example/hello 1.0.0 (linux_amd64, windows_amd64)", $"{c.Registry}/sp/mirror:1.0.0")),
        ["Install-TofuProvider"] = new(null,
            "Install-TofuProvider example/hello -Version 1.0.0 -Repository $hello -PlainHttp -Platform linux_amd64 -Destination (Join-Path $dir providers) -LockFile (Join-Path $dir lock.hcl) -PassThru {0}",
            c => ($"Install provider (unpacked) into {c.Dir}/providers", "registry.opentofu.org/example/hello = 1.0.0 for linux_amd64")),
        ["Update-TofuLockFile"] = new(null,
            "Update-TofuLockFile example/hello -Repository $hello -PlainHttp -Platform linux_amd64, windows_amd64 -Path (Join-Path $dir lock.hcl) -PassThru {0}",
            c => ($"Record h1: and zh: hashes in {c.Dir}/lock.hcl", "registry.opentofu.org/example/hello (newest version) for linux_amd64, windows_amd64")),
        ["Publish-TofuModule"] = new(null,
            "Publish-TofuModule $module -Repository \"$registry/sp/module\" -Tag 1.0.0, stable -PlainHttp {0}",
            c => ($"Publish module {c.Module} (2 file(s))", $"{c.Registry}/sp/module:1.0.0, {c.Registry}/sp/module:stable")),
        ["Save-TofuModule"] = new(null,
            "Save-TofuModule \"oci://$registry/modules/net?tag=1.0.0\" (Join-Path $dir saved) -PlainHttp -PassThru {0}",
            c => ($"Save module oci://{c.Registry}/modules/net?tag=1.0.0", $"{c.Dir}/saved")),
        ["Connect-TofuOciRegistry"] = new(null,
            "Connect-TofuOciRegistry $registry -Credential $cred -PlainHttp -PassThru {0}",
            c => ($"Log in as {RegistryServer.UserName} and store the credentials", c.Registry)),
        ["Disconnect-TofuOciRegistry"] = new(
            "$null = Connect-TofuOciRegistry $registry -Credential $cred -PlainHttp -Confirm:$false -ErrorAction Stop",
            "Disconnect-TofuOciRegistry $registry -PassThru {0}",
            c => ("Remove the stored credentials", c.Registry)),
    };

    private readonly TempDirectory _dir = new("tofuoci-ps-whatif-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public static TheoryData<string, Mode> All()
    {
        var data = new TheoryData<string, Mode>();
        foreach (var name in Cases.Keys)
        {
            foreach (var mode in Enum.GetValues<Mode>())
            {
                data.Add(name, mode);
            }
        }

        return data;
    }

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
        lock (DockerConfigLock)
        {
            DeleteDockerConfig();
        }
    }

    private static void DeleteDockerConfig()
    {
        if (File.Exists(DockerConfig))
        {
            File.Delete(DockerConfig);
        }
    }

    // Connect/Disconnect write ~/.docker/config.json of the test process's home; the cases of this class run one at a time.
    private static readonly object DockerConfigLock = new();

    private static string DockerConfig => Path.Combine(TestEnvironment.HomeDirectory, ".docker", "config.json");

    private PowerShellRun Run(string script) => _ps.Run(script,
        ("registry", registry.Address), ("hello", registry.Repository("hello")), ("dist", registry.HelloRelease), ("dir", _dir.Path),
        ("module", registry.ModuleDirectory), ("cred", SeededRegistry.Credential()));

    /// <summary>Everything the command could have changed.</summary>
    private string State() => string.Join("\n",
        ["registry:", .. registry.StorageSnapshot(), "files:", .. FileTree.Snapshot(_dir.Path),
            "docker config:", File.Exists(DockerConfig) ? File.ReadAllText(DockerConfig) : "(none)"]);

    [Theory]
    [MemberData(nameof(All))]
    public void A_state_changing_cmdlet_writes_nothing_under_WhatIf_or_a_No_and_names_what_it_would_do(string name, Mode mode)
    {
        var @case = Cases[name];
        lock (DockerConfigLock)
        {
            DeleteDockerConfig();
            if (@case.Setup is not null)
            {
                Run(@case.Setup).AssertClean();
            }

            var before = State();
            _ps.Host.Answer = mode == Mode.ConfirmNo ? ConfirmAnswer.No : ConfirmAnswer.Yes;
            var run = Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, @case.Command, mode == Mode.WhatIf ? "-WhatIf" : "-Confirm")).AssertClean();
            var after = State();

            var (operation, target) = @case.Expected(new Context(registry.Address, _dir.Path, registry.ModuleDirectory));
            var performing = $"Performing the operation \"{operation}\" on target \"{target}\".";
            switch (mode)
            {
                case Mode.WhatIf:
                    Assert.Equal(["What if: " + performing], run.HostLines);
                    Assert.Empty(run.Prompts);
                    Assert.Empty(run.Output);
                    Assert.Equal(before, after);
                    break;
                case Mode.ConfirmNo:
                    var prompt = Assert.Single(run.Prompts);
                    Assert.Equal("Confirm", prompt.Caption);
                    Assert.Equal("Are you sure you want to perform this action?\n" + performing, prompt.Message.ReplaceLineEndings("\n"));
                    Assert.Equal(["Yes", "Yes to All", "No", "No to All", "Suspend"], prompt.Choices);
                    Assert.Empty(run.Output);
                    Assert.Equal(before, after);
                    break;
                default:
                    Assert.Equal("Are you sure you want to perform this action?\n" + performing, Assert.Single(run.Prompts).Message.ReplaceLineEndings("\n"));
                    Assert.NotEmpty(run.Output);
                    Assert.NotEqual(before, after);
                    break;
            }
        }
    }

    [Fact]
    public async Task Answering_No_skips_only_that_item_of_the_pipeline()
    {
        _ps.Host.AnswerInTurn(ConfirmAnswer.No, ConfirmAnswer.Yes, ConfirmAnswer.No);
        var run = Run("""
            'example/hello', 'example/world' | Install-TofuProvider -RepositoryTemplate "$registry/providers/`${namespace}/`${type}" -PlainHttp -Platform linux_amd64 -Destination $dir -PassThru -Confirm
            Get-TofuOciTag $hello -PlainHttp | Publish-TofuProvider -Repository "$registry/sp/some" -PlainHttp -Confirm
            """).AssertClean();

        Assert.Equal(
        [
            "registry.opentofu.org/example/hello (newest version) for linux_amd64",
            "registry.opentofu.org/example/world (newest version) for linux_amd64",
            $"{registry.Address}/sp/some:1.0.0",
            $"{registry.Address}/sp/some:1.1.0",
            $"{registry.Address}/sp/some:2.0.0",
        ], run.Prompts.Select(p => System.Text.RegularExpressions.Regex.Match(p.Message, "on target \"(.*)\"\\.").Groups[1].Value));
        // No, Yes for the providers; No for 1.0.0, then Yes by default.
        Assert.Equal(
            ["registry.opentofu.org/example/world 1.0.0 linux_amd64", $"{registry.Address}/sp/some:1.1.0", $"{registry.Address}/sp/some:2.0.0"],
            run.Output.Select(o => o.ToString()));
        Assert.Equal(["world"], Directory.GetDirectories(_dir.Combine("registry.opentofu.org", "example")).Select(Path.GetFileName));
        Assert.Equal(["1.1.0", "2.0.0"], await registry.TagsAsync("sp/some"));
    }

    [Fact]
    public async Task No_to_All_skips_every_remaining_item_without_asking_again()
    {
        _ps.Host.Answer = ConfirmAnswer.NoToAll;
        var run = Run("Get-TofuOciTag $hello -PlainHttp | Publish-TofuProvider -Repository \"$registry/sp/none\" -PlainHttp -Confirm").AssertClean();

        Assert.Single(run.Prompts);
        Assert.Empty(run.Output);
        Assert.Null(await registry.TagsAsync("sp/none"));
    }

    [Fact]
    public void WhatIf_names_each_version_a_copy_would_publish_and_each_provider_an_install_would_fetch()
    {
        var run = Run("""
            Get-TofuOciTag $hello -PlainHttp | Publish-TofuProvider -Repository "$registry/sp/whatif-all" -PlainHttp -WhatIf
            'example/hello', 'example/world' | Update-TofuLockFile -Version '>= 1.0' -RepositoryTemplate "$registry/providers/`${namespace}/`${type}" -PlainHttp -Platform linux_amd64 -Path (Join-Path $dir lock.hcl) -WhatIf
            """).AssertClean();

        Assert.Equal(string.Join("\n",
        [
            .. new[] { "1.0.0", "1.1.0", "2.0.0" }.Select(v =>
                $"What if: Performing the operation \"Copy provider version {v} from {registry.Repository("hello")}\" on target \"{registry.Address}/sp/whatif-all:{v}\"."),
            .. new[] { "hello", "world" }.Select(t =>
                $"What if: Performing the operation \"Record h1: and zh: hashes in {_dir.Path}/lock.hcl\" on target \"registry.opentofu.org/example/{t} >= 1.0 for linux_amd64\"."),
        ]), string.Join("\n", run.HostLines));
        Assert.Empty(FileTree.Snapshot(_dir.Path));
    }
}
