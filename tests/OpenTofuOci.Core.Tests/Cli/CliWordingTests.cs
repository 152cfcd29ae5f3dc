using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Installing;
using OpenTofuOci.Core.Tests.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// tofu-oci speaks its own words: errors Core raises during a command name its flags (<c>--force</c>,
/// <c>--repository</c>), never the cmdlets' parameters, and the spelling does not outlive the command.
/// </summary>
public sealed class CliWordingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Publishing_other_content_onto_a_version_asks_for_force_in_the_CLI_spelling()
    {
        var layout = "oci-layout:" + _dir.Combine("mirror");
        ReleaseFiles.Write(_dir.Combine("one"), "hello", "1.0.0", ["linux_amd64"]);
        ReleaseFiles.Write(_dir.Combine("two"), "hello", "1.0.0", ["linux_amd64", "windows_amd64"]);
        var first = await CliRunner.RunAsync("provider", "publish", _dir.Combine("one"), "--repository", layout);
        Assert.True(first.ExitCode == 0, first.Error);

        var refused = await CliRunner.RunAsync("provider", "publish", _dir.Combine("two"), "--repository", layout);

        Assert.Equal(1, refused.ExitCode);
        Assert.EndsWith("publish a new version, or replace it deliberately with --force. [ProviderVersionExists]" + Environment.NewLine, refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("-Force", refused.Error, StringComparison.Ordinal);
        Assert.Same(OptionSpelling.Neutral, OptionSpelling.Current);
    }

    [Fact]
    public async Task A_provider_without_a_mirror_is_told_to_use_repository_or_template()
    {
        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64", "--destination", _dir.Combine("plugins"));

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("or name the repository with --repository or --template. [ProviderNotFound]" + Environment.NewLine, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("-Repository", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("plugins")));
    }

    [Fact]
    public async Task A_suggested_lock_command_is_a_tofu_oci_command_line()
    {
        var layout = _dir.Combine("layout");
        await InstallTestMirror.PublishProviderAsync(new OciLayoutStore(layout), "hello", "1.0.0", "linux_amd64");
        var lockPath = _dir.Combine("lock.hcl");
        await LockFileWriter.WriteFileAsync(lockPath, DependencyLockFile.Empty.With(
            new LockedProvider("registry.opentofu.org/example/hello", "1.0.0", null, ["zh:" + new string('1', 64)])));

        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64", "--repository", "oci-layout:" + layout,
            "--destination", _dir.Combine("plugins"), "--lock-file", lockPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"record the new hashes with `tofu-oci provider lock registry.opentofu.org/example/hello --platform linux_amd64 --lock-file {lockPath}` "
            + "(and --repository or --template as for this install), or run the install again.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Update-TofuLockFile", run.Error, StringComparison.Ordinal);
    }
}
