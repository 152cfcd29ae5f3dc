using System.Diagnostics;
using OpenTofuOci.Core.Credentials.Helpers;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>Running <c>docker-credential-*</c> helpers (docs/opentofu-compatibility.md §4.3), with fake helper scripts on an injected PATH.</summary>
public sealed class CredentialHelperTests
{
    private const string Secret = "helper-Secret-42";

    [Fact]
    public async Task Get_sends_the_server_url_without_a_newline_and_reads_username_and_secret()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        var credential = await new CredentialHelper("fake", root.Environment).GetAsync("https://example.com", "test source", CancellationToken.None);
        Assert.Equal("from-cred-helper", credential!.Username);
        Assert.Equal("for https://example.com", credential.Password);
        Assert.Equal("test source", credential.Source);
        Assert.Equal(["get https://example.com"], root.HelperLog());
    }

    [Fact]
    public async Task A_helper_still_open_for_writing_for_a_moment_is_started_once_it_is_closed_instead_of_failing_with_text_file_busy()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        // Held open for writing, as by a process forked elsewhere before its exec: exec gives ETXTBSY until it is closed.
        var writer = new FileStream(Path.Combine(root.Bin, "docker-credential-fake"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var release = Task.Delay(30).ContinueWith(_ => writer.Dispose(), TaskScheduler.Default);

        var credential = await new CredentialHelper("fake", root.Environment).GetAsync("https://example.com", "test source", CancellationToken.None);

        await release;
        Assert.Equal("from-cred-helper", credential!.Username);
        Assert.Equal(["get https://example.com"], root.HelperLog());
    }

    [Fact]
    public async Task Username_token_makes_the_secret_a_refresh_token()
    {
        using var root = new CredentialRoot();
        root.WriteHelper("oauth", "cat >/dev/null\nprintf '{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"identity-123\"}'\n");
        var credential = await new CredentialHelper("oauth", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None);
        Assert.Null(credential!.Username);
        Assert.Null(credential.Password);
        Assert.Equal("identity-123", credential.RefreshToken);
    }

    [Fact]
    public async Task Credentials_not_found_means_anonymous()
    {
        using var root = new CredentialRoot();
        root.WriteHelper("none", "cat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n");
        Assert.Null(await new CredentialHelper("none", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_helper_error_shows_its_stderr_and_exit_code()
    {
        using var root = new CredentialRoot();
        root.WriteHelper("broken", "cat >/dev/null\necho 'gpg: decryption failed: No secret key' >&2\necho 'exit status 2'\nexit 3\n");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("broken", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));
        Assert.Equal(ErrorIds.CredentialHelperFailed, ex.ErrorId);
        Assert.Equal("The credential helper docker-credential-broken failed to \"get\": it exited with code 3: exit status 2. Its error output: gpg: decryption failed: No secret key " +
            "Check that docker-credential-broken works (e.g. echo https://<registry> | docker-credential-broken get), or log in again.", ex.Message);
    }

    [Fact]
    public async Task Output_that_is_not_json_is_described_never_echoed()
    {
        using var root = new CredentialRoot();
        root.WriteHelper("badjson", $"cat >/dev/null\necho 'Username={Secret}'\n");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("badjson", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));
        Assert.Equal(ErrorIds.CredentialHelperFailed, ex.ErrorId);
        Assert.Contains("printed something that is not the JSON object", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_helper_is_stopped_after_the_configured_timeout()
    {
        using var root = new CredentialRoot();
        root.Variables[CredentialEnvironment.HelperTimeoutVariable] = "1";
        root.WriteHelper("hang", "echo 'waiting for pinentry' >&2\nexec sleep 30\n");
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("hang", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.Equal(ErrorIds.CredentialHelperTimeout, ex.ErrorId);
        Assert.Equal("The credential helper docker-credential-hang did not finish \"get\" within 1 s and was stopped. Its error output: waiting for pinentry " +
            "If it waits for you (e.g. to unlock a keychain), unlock it first or raise TOFU_OCI_CREDENTIAL_HELPER_TIMEOUT (seconds).", ex.Message);
    }

    [Fact]
    public async Task A_helper_that_is_not_on_the_injected_PATH_is_not_found_and_nothing_else_is_run()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.Variables["PATH"] = root.Path("empty-dir");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => new CredentialHelper("fake", root.Environment).GetAsync("https://example.com", "s", CancellationToken.None));
        Assert.Equal(ErrorIds.CredentialHelperNotFound, ex.ErrorId);
        Assert.Contains("docker-credential-fake", ex.Message, StringComparison.Ordinal);
        Assert.Empty(root.HelperLog());
    }

    [Fact]
    public async Task Store_get_and_erase_round_trip()
    {
        using var root = new CredentialRoot();
        root.WriteStoringHelper("store");
        var helper = new CredentialHelper("store", root.Environment);
        await helper.StoreAsync("https://example.com", "alice", Secret, CancellationToken.None);
        var got = await helper.GetAsync("https://example.com", "s", CancellationToken.None);
        Assert.Equal(("alice", Secret), (got!.Username, got.Password));
        Assert.Null(await helper.GetAsync("https://other.example", "s", CancellationToken.None));
        Assert.True(await helper.EraseAsync("https://example.com", CancellationToken.None));
        Assert.False(await helper.EraseAsync("https://example.com", CancellationToken.None));
        Assert.Null(await helper.GetAsync("https://example.com", "s", CancellationToken.None));
        Assert.DoesNotContain(root.HelperLog("store"), l => l.Contains(Secret, StringComparison.Ordinal));
    }
}
