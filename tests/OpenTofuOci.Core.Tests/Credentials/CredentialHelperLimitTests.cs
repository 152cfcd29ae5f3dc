using System.Diagnostics;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Helpers;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// A credential helper is someone else's program: the whole exchange with it is bounded in time and
/// size, and it is only run from an absolute PATH directory. Real shell-script helpers.
/// </summary>
public sealed class CredentialHelperLimitTests
{
    private const string TimeoutRemedy = " If it waits for you (e.g. to unlock a keychain), unlock it first or raise TOFU_OCI_CREDENTIAL_HELPER_TIMEOUT (seconds).";

    [Fact]
    public async Task A_helper_whose_background_child_keeps_stdout_open_is_given_up_on_at_the_timeout()
    {
        using var root = new CredentialRoot();
        root.Variables[CredentialEnvironment.HelperTimeoutVariable] = "2";
        root.WriteHelper("lingering", "cat >/dev/null\n(sleep 20 &)\nprintf '{\"Username\":\"u\",\"Secret\":\"s\"}'\n");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("lingering", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), clock.Elapsed.ToString());
        Assert.Equal(ErrorCode.CredentialHelperTimeout, ex.Code);
        Assert.Equal("The credential helper docker-credential-lingering did not finish \"get\" within 2 s: it exited, but a process it started kept its output open." + TimeoutRemedy, ex.Message);
    }

    [Fact]
    public async Task A_helper_that_never_reads_its_input_nor_exits_is_stopped_at_the_timeout_with_its_whole_process_tree()
    {
        using var root = new CredentialRoot();
        root.Variables[CredentialEnvironment.HelperTimeoutVariable] = "1";
        var pidFile = root.Path("child.pid");
        root.WriteHelper("stuck", $"sleep 60 &\necho $! > '{pidFile}'\nwait\n");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("stuck", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), clock.Elapsed.ToString());
        Assert.Equal("The credential helper docker-credential-stuck did not finish \"get\" within 1 s and was stopped." + TimeoutRemedy, ex.Message);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(SpinWait.SpinUntil(() => !IsRunning(child), TimeSpan.FromSeconds(5)), $"the helper's child {child} still runs");
    }

    [Theory]
    [InlineData("stdout", "head -c 2097152 /dev/zero | tr '\\0' a\n")]
    [InlineData("stdout", "exec yes\n")]
    [InlineData("stderr", "yes >&2\n")]
    public async Task A_helper_printing_more_than_1_MiB_is_stopped_with_an_error_naming_the_limit(string stream, string body)
    {
        using var root = new CredentialRoot();
        root.Variables[CredentialEnvironment.HelperTimeoutVariable] = "30";
        root.WriteHelper("chatty", "cat >/dev/null\n" + body);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("chatty", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.Equal(ErrorCode.CredentialHelperFailed, ex.Code);
        Assert.Equal($"The credential helper docker-credential-chatty failed to \"get\": it printed more than 1 MiB on {stream}, far more than a credential. " +
            "Check that docker-credential-chatty works (e.g. echo https://<registry> | docker-credential-chatty get), or log in again.", ex.Message);
    }

    [Fact]
    public async Task Relative_PATH_entries_are_not_searched_and_the_error_says_why()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, root.Bin);
        root.Variables["PATH"] = $".::{relative}:{root.Path("empty-dir")}";

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("fake", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));

        Assert.Equal(ErrorCode.CredentialHelperNotFound, ex.Code);
        Assert.Equal($"The credential helper docker-credential-fake is not on PATH. It is in {relative}, but PATH entries that are not absolute are ignored " +
            "(as OpenTofu does), so that a helper is never run from whatever the current directory happens to be; put that directory in PATH as an absolute path. " +
            "Install it, or remove \"fake\" from credsStore/credHelpers (Docker-style files) or docker_credentials_helper (OpenTofu CLI configuration).", ex.Message);
        Assert.Empty(root.HelperLog());
    }

    [Fact]
    public async Task An_absolute_PATH_entry_after_a_relative_one_is_still_searched()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.Variables["PATH"] = $".:{Path.GetRelativePath(Environment.CurrentDirectory, root.Bin)}:{root.Bin}";

        var got = await new CredentialHelper("fake", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None);

        Assert.Equal(("from-cred-helper", "for https://example.com"), (got!.Username, got.Password));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
