using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Credentials.Helpers;

/// <summary>
/// Runs a Docker credential helper <c>docker-credential-&lt;name&gt;</c> (docs/opentofu-compatibility.md §4.3;
/// docs/oci-registries.md "Docker-style credential files and helpers"). The executable is looked up on
/// the environment's <c>PATH</c> only, never run unless configured, stopped after
/// <see cref="CredentialEnvironment.HelperTimeout"/>. Its stderr is shown in errors; its stdout (which
/// carries secrets) never is, except the one-line failure text the protocol defines.
/// </summary>
public sealed class CredentialHelper
{
    /// <summary>What a helper prints when it has nothing for the server.</summary>
    public const string NotFoundText = "credentials not found in native keychain";

    /// <summary>The user name meaning that the secret is an identity (refresh) token.</summary>
    public const string TokenUsername = "<token>";

    private const int MaxShownStderr = 500;
    private readonly CredentialEnvironment _environment;

    public CredentialHelper(string name, CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Name = name;
        _environment = environment;
    }

    /// <summary>The suffix after <c>docker-credential-</c>.</summary>
    public string Name { get; }

    /// <summary>The executable's file name, e.g. <c>docker-credential-pass</c>.</summary>
    public string ExecutableName => "docker-credential-" + Name;

    /// <summary>The server URL OpenTofu passes for a registry domain.</summary>
    public static string ServerUrl(string domain) => "https://" + domain;

    /// <summary>
    /// <c>get</c>: the credential for <paramref name="serverUrl"/>, or null when the helper has none.
    /// <c>Username</c> <c>&lt;token&gt;</c> makes the secret a refresh token (as docker and oras do).
    /// </summary>
    public async Task<RegistryCredential?> GetAsync(string serverUrl, string source, CancellationToken cancellationToken)
    {
        var result = await RunAsync("get", serverUrl, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var text = result.Stdout.Trim();
            if (string.Equals(text, NotFoundText, StringComparison.Ordinal))
            {
                return null;
            }

            throw Failed("get", $"exited with code {result.ExitCode}{(text.Length > 0 ? $": {Shorten(text)}" : string.Empty)}", result.Stderr);
        }

        string? user;
        string? secret;
        try
        {
            using var doc = JsonDocument.Parse(result.Stdout);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException();
            }

            user = Str(doc.RootElement, "Username");
            secret = Str(doc.RootElement, "Secret");
        }
        catch (JsonException)
        {
            // The output may hold the secret: describe it, never echo it.
            throw Failed("get", "printed something that is not the JSON object {\"ServerURL\":…,\"Username\":…,\"Secret\":…}", result.Stderr);
        }

        if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(secret))
        {
            return null;
        }

        return string.Equals(user, TokenUsername, StringComparison.Ordinal)
            ? new RegistryCredential { RefreshToken = secret, Source = source }
            : new RegistryCredential { Username = user, Password = secret ?? string.Empty, Source = source };
    }

    /// <summary><c>store</c>: saves a user name and secret for <paramref name="serverUrl"/>.</summary>
    public async Task StoreAsync(string serverUrl, string username, string secret, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["ServerURL"] = serverUrl, ["Username"] = username, ["Secret"] = secret }.ToJsonString();
        var result = await RunAsync("store", payload, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Failed("store", $"exited with code {result.ExitCode}{(result.Stdout.Trim() is { Length: > 0 } t ? $": {Shorten(t)}" : string.Empty)}", result.Stderr);
        }
    }

    /// <summary><c>erase</c>: removes what is stored for <paramref name="serverUrl"/>; false when there was nothing.</summary>
    public async Task<bool> EraseAsync(string serverUrl, CancellationToken cancellationToken)
    {
        var result = await RunAsync("erase", serverUrl, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return true;
        }

        var text = result.Stdout.Trim();
        if (string.Equals(text, NotFoundText, StringComparison.Ordinal))
        {
            return false;
        }

        throw Failed("erase", $"exited with code {result.ExitCode}{(text.Length > 0 ? $": {Shorten(text)}" : string.Empty)}", result.Stderr);
    }

    /// <summary>The full path of the executable in an absolute <c>PATH</c> directory, or null.</summary>
    public string? Locate() => Find(absolute: true);

    /// <summary>
    /// Only absolute directories count: "." or "bin" in PATH would run whatever helper lies in the
    /// current directory, which Go's os/exec (and so OpenTofu) refuses too.
    /// </summary>
    private string? Find(bool absolute)
    {
        foreach (var dir in _environment.SearchPath)
        {
            if (Path.IsPathFullyQualified(dir) != absolute)
            {
                continue;
            }

            foreach (var suffix in _environment.ExecutableSuffixes)
            {
                var candidate = Path.Join(dir, ExecutableName + suffix);
                if (File.Exists(candidate))
                {
                    return absolute ? candidate : dir;
                }
            }
        }

        return null;
    }

    private TofuOciException NotFound()
    {
        var relative = Find(absolute: false);
        var why = relative is null ? string.Empty
            : $" It is in {relative}, but PATH entries that are not absolute are ignored (as OpenTofu does), so that a helper is never run " +
              "from whatever the current directory happens to be; put that directory in PATH as an absolute path.";
        return new TofuOciException(ErrorIds.CredentialHelperNotFound, ErrorKind.InvalidOperation,
            $"The credential helper {ExecutableName} is not on PATH.{why} Install it, or remove \"{Name}\" from credsStore/credHelpers (Docker-style files) " +
            "or docker_credentials_helper (OpenTofu CLI configuration).", ExecutableName);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string verb, string input, CancellationToken cancellationToken)
    {
        var path = Locate() ?? throw NotFound();
        var psi = new ProcessStartInfo(path)
        {
            ArgumentList = { verb },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        using var process = new Process { StartInfo = psi };
        try
        {
            await StartAsync(process, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            throw new TofuOciException(ErrorIds.CredentialHelperFailed, ErrorKind.InvalidOperation,
                $"The credential helper {ExecutableName} ({path}) could not be started: {ex.Message}. Check that it is an executable.", ExecutableName, ex);
        }

        var timeout = _environment.HelperTimeout;
        var result = await HelperProcess.RunAsync(process, input, timeout, cancellationToken).ConfigureAwait(false);
        return result.Failure switch
        {
            HelperProcess.Failure.None => (result.ExitCode, result.Stdout, result.Stderr),
            HelperProcess.Failure.StdoutTooLarge => throw TooLarge(verb, "stdout"),
            HelperProcess.Failure.StderrTooLarge => throw TooLarge(verb, "stderr"),
            var failure => throw new TofuOciException(ErrorIds.CredentialHelperTimeout, ErrorKind.Connection,
                $"The credential helper {ExecutableName} did not finish \"{verb}\" within {timeout.TotalSeconds:0.#} s" +
                (failure == HelperProcess.Failure.OutputHeldOpen ? ": it exited, but a process it started kept its output open." : " and was stopped.") +
                StderrText(result.Stderr) + $" If it waits for you (e.g. to unlock a keychain), unlock it first or raise {CredentialEnvironment.HelperTimeoutVariable} (seconds).",
                ExecutableName),
        };
    }

    // ETXTBSY: a helper written a moment ago (being installed, or by a test) is still open for writing in a
    // process forked elsewhere in this one that has not reached its exec yet; that lasts microseconds.
    private const int TextFileBusy = 26;

    private static async Task StartAsync(Process process, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                process.Start();
                return;
            }
            catch (System.ComponentModel.Win32Exception ex) when (ex.NativeErrorCode == TextFileBusy && attempt < 5 && !OperatingSystem.IsWindows())
            {
                await Task.Delay(20 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Neither stream is shown: stdout may hold a secret, and a megabyte of stderr helps no one.
    private TofuOciException TooLarge(string verb, string stream) =>
        Failed(verb, $"printed more than {HelperProcess.MaxOutputBytes / (1024 * 1024)} MiB on {stream}, far more than a credential", string.Empty);

    private TofuOciException Failed(string verb, string what, string stderr) =>
        new(ErrorIds.CredentialHelperFailed, ErrorKind.InvalidOperation,
            $"The credential helper {ExecutableName} failed to \"{verb}\": it {what}.{StderrText(stderr)} " +
            $"Check that {ExecutableName} works (e.g. echo https://<registry> | {ExecutableName} get), or log in again.",
            ExecutableName);

    private static string StderrText(string stderr) =>
        stderr.Trim() is { Length: > 0 } t ? $" Its error output: {Shorten(t)}" : string.Empty;

    private static string Shorten(string text) => text.Length > MaxShownStderr ? text[..MaxShownStderr] + "…" : text;

    private static string? Str(JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                // Go decodes the answer into string fields: null leaves one empty, any other kind of
                // value fails the whole answer, as it does for docker and OpenTofu.
                return p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new JsonException(),
                };
            }
        }

        return null;
    }
}
