using System.Management.Automation;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// The error records of the main failure kinds, in a real runspace against a real registry with
/// Basic auth (every command carries a password, so a leak would show): the exact
/// FullyQualifiedErrorId, category and target; non-terminating by default, so the pipeline goes on
/// with the next item (which succeeds); terminating with the same record under
/// <c>-ErrorAction Stop</c>; and no password in any stream, with -Verbose and -Debug on.
/// </summary>
public sealed class ErrorRecordTests(BasicSeededRegistry registry) : IClassFixture<BasicSeededRegistry>, IAsyncLifetime
{
    private const string WrongPassword = "wr0ng-Pa55-for-the-test";

    private readonly TempDirectory _dir = new("tofuoci-ps-errors-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();
    private LyingProxy? _proxy;

    /// <summary>A failing item, a good item after it, and what the failure must look like.</summary>
    /// <param name="Pipeline">PowerShell with @common where the common parameters (-ErrorAction) go.</param>
    /// <param name="Target">The record's TargetObject: what the user named for the failing item.</param>
    /// <param name="SecondItemOutput">What the good item writes when the pipeline goes on.</param>
    private sealed record Case(string Pipeline, string ErrorId, string Command, ErrorCategory Category, string Target, string SecondItemOutput);

    private LyingProxy Proxy => _proxy ?? throw new InvalidOperationException("proxy not started");

    public async Task InitializeAsync()
    {
        // The zip the proxy corrupts: hello 2.0.0 for linux_amd64, the newest hello.
        var zip = Path.Combine(registry.Root.Combine("dist", "hello-2.0.0"), ReleaseFiles.FileName("hello", "2.0.0", "linux_amd64"));
        _proxy = await LyingProxy.StartAsync(registry.Address, "sha256:" + ReleaseFiles.Sha256Hex(zip));
        _ps.Run("$null = Publish-TofuProvider -Path $dist -Repository \"oci-layout:$dir/layout\" -ErrorAction Stop",
            ("dist", registry.HelloRelease), ("dir", _dir.Path)).AssertClean();
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        _dir.Dispose();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    private Case For(string kind) => kind switch
    {
        "repository not found" => new(
            "\"$registry/providers/example/missing\", \"$registry/providers/example/world\" | Get-TofuOciTag -PlainHttp -Credential $cred @common",
            "NotFound", "GetTofuOciTagCommand", ErrorCategory.ObjectNotFound, $"{registry.Address}/providers/example/missing",
            $"{registry.Repository("world")}:1.0.0"),
        "provider not found" => new(
            "'example/missing', 'example/world' | Install-TofuProvider -RepositoryTemplate $template -PlainHttp -Credential $cred -Platform linux_amd64 -Destination $dir/providers -PassThru @common",
            // The item the user piped; the message names the repository the template made of it.
            "ProviderNotFound", "InstallTofuProviderCommand", ErrorCategory.ObjectNotFound, "example/missing",
            "registry.opentofu.org/example/world 1.0.0 linux_amd64"),
        "wrong password" => new(
            "$hello, \"oci-layout:$dir/layout\" | Get-TofuOciTag -PlainHttp -Credential $wrong @common",
            "Unauthorized", "GetTofuOciTagCommand", ErrorCategory.AuthenticationError, registry.Repository("hello"),
            $"oci-layout:{_dir.Path}/layout:1.0.0"),
        "digest mismatch (in-process proxy corrupting one blob)" => new(
            "'example/hello', 'example/world' | Install-TofuProvider -PassThru -RepositoryTemplate \"$proxy/providers/`${namespace}/`${type}\" -PlainHttp -Credential $cred -CredentialRegistry $proxy -Platform linux_amd64 -Destination $dir/providers @common",
            "DigestMismatch", "InstallTofuProviderCommand", ErrorCategory.InvalidData, "example/hello",
            "registry.opentofu.org/example/world 1.0.0 linux_amd64"),
        "bad address" => new(
            "'Not A/Valid Reference!', $hello | Get-TofuOciTag -PlainHttp -Credential $cred @common",
            "InvalidReference", "GetTofuOciTagCommand", ErrorCategory.InvalidArgument, "Not A/Valid Reference!",
            $"{registry.Repository("hello")}:1.0.0"),
        "connection refused" => new(
            "'127.0.0.1:1/providers/example/hello', $hello | Get-TofuOciTag -PlainHttp -Credential $cred @common",
            "ConnectionFailed", "GetTofuOciTagCommand", ErrorCategory.ConnectionError, "127.0.0.1:1/providers/example/hello",
            $"{registry.Repository("hello")}:1.0.0"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> Kinds() =>
        ["repository not found", "provider not found", "wrong password", "digest mismatch (in-process proxy corrupting one blob)", "bad address", "connection refused"];

    private PowerShellRun Run(string pipeline, string commonParameters) => _ps.Run(
        "$DebugPreference = 'Continue'; $VerbosePreference = 'Continue'\n" + pipeline.Replace("@common", commonParameters, StringComparison.Ordinal),
        ("registry", registry.Address), ("hello", registry.Repository("hello")), ("template", registry.Template), ("dir", _dir.Path),
        ("proxy", Proxy.Address), ("cred", SeededRegistry.Credential()), ("wrong", SeededRegistry.Credential(WrongPassword)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_failure_is_a_non_terminating_error_naming_its_target_and_the_next_item_still_runs(string kind)
    {
        var expected = For(kind);
        var run = Run(expected.Pipeline, string.Empty);

        Assert.Null(run.Terminating);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"{expected.ErrorId},OpenTofuOci.PowerShell.Commands.{expected.Command}", error.FullyQualifiedErrorId);
        Assert.Equal(expected.Category, error.CategoryInfo.Category);
        AssertTarget(expected, error);
        // The same outcome as a value a script branches on ($_.Exception.Code -eq 'DigestMismatch'), named like the id.
        Assert.Equal(expected.ErrorId, Assert.IsType<Core.Errors.TofuOciException>(error.Exception).Code.ToString());
        Assert.Contains(expected.SecondItemOutput, run.Output.Select(o => o.ToString()));
        AssertNoSecret(run);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Under_ErrorAction_Stop_the_same_error_ends_the_pipeline(string kind)
    {
        var expected = For(kind);
        var run = Run(expected.Pipeline, "-ErrorAction Stop");

        Assert.Equal(PSInvocationState.Failed, run.State);
        var record = run.TerminatingRecord;
        Assert.NotNull(record);
        Assert.Equal($"{expected.ErrorId},OpenTofuOci.PowerShell.Commands.{expected.Command}", record.FullyQualifiedErrorId);
        Assert.Equal(expected.Category, record.CategoryInfo.Category);
        AssertTarget(expected, record);
        Assert.DoesNotContain(expected.SecondItemOutput, run.Output.Select(o => o.ToString()));
        AssertNoSecret(run);
    }

    [Fact]
    public void A_corrupted_package_is_caught_by_its_digest_and_leaves_nothing_installed()
    {
        var run = Run(For("digest mismatch (in-process proxy corrupting one blob)").Pipeline, string.Empty);

        Assert.True(Proxy.Lies >= 1);
        var error = Assert.Single(run.Errors);
        Assert.Contains("sha256:", error.Exception.Message, StringComparison.Ordinal);
        // hello is absent entirely (no directory, no temp file); world, the next item, is installed.
        Assert.Equal(["world"], Directory.GetDirectories(_dir.Combine("providers", "registry.opentofu.org", "example")).Select(Path.GetFileName));
        Assert.DoesNotContain(FileTree.Snapshot(_dir.Combine("providers")), e => e.Contains(".tmp", StringComparison.Ordinal));
    }

    private static void AssertTarget(Case expected, ErrorRecord record)
    {
        // The input item that failed is the target; the narrower object Core names (a registry, a layer
        // digest) is in the message.
        Assert.Equal(expected.Target, record.TargetObject);
        Assert.Equal(expected.Target, record.CategoryInfo.TargetName);
        var core = Assert.IsType<TofuOciException>(record.Exception);
        Assert.Contains(core.Target ?? expected.Target, core.Message, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(PowerShellRun run)
    {
        var text = run.AllText();
        // The text holds the failure itself, so a secret in its message would be found.
        Assert.Contains((run.TerminatingRecord ?? run.Errors[0]).Exception.Message, text, StringComparison.Ordinal);
        foreach (var secret in new[] { RegistryServer.Password, WrongPassword })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.UserName}:{secret}")), text, StringComparison.Ordinal);
        }
    }
}
