using System.Text;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// A hermetic world for credential tests: <c>home/</c>, <c>xdgconfig/</c> and <c>xdgrun/</c> under a temp
/// root, an injected environment and OS, and fake <c>docker-credential-*</c> helpers in <c>bin/</c> on PATH.
/// </summary>
internal sealed class CredentialRoot : IDisposable
{
    private readonly TempDirectory _temp = new("tofuoci-creds-");

    public CredentialRoot()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Bin);
        Variables["HOME"] = Home;
        Variables["USERPROFILE"] = Home;
        Variables["PATH"] = Bin + ":/usr/bin:/bin";
    }

    public string Root => _temp.Path;

    public string Home => _temp.Combine("home");

    public string XdgConfig => _temp.Combine("xdgconfig");

    public string XdgRun => _temp.Combine("xdgrun");

    public string Bin => _temp.Combine("bin");

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Which OS's rules apply. For Windows, PATH is ';'-separated and helpers are found through PATHEXT (.CMD here).</summary>
    public CredentialPlatform Platform
    {
        get => _platform;
        set
        {
            _platform = value;
            if (value == CredentialPlatform.Windows)
            {
                Variables["PATH"] = Bin;
                Variables["PATHEXT"] = ".CMD";
            }
        }
    }

    private CredentialPlatform _platform = CredentialPlatform.Linux;

    public CredentialEnvironment Environment => new(Platform, n => Variables.TryGetValue(n, out var v) ? v : null, Home, _temp.Combine("appdata"));

    public string Path(params string[] parts) => _temp.Combine(parts);

    /// <summary>Writes a file (creating folders) and returns its path.</summary>
    public string Write(string relative, string text)
    {
        var path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The CLI configuration: <c>home/.tofurc</c>.</summary>
    public string WriteTofurc(string hcl) => Write("home/.tofurc", hcl);

    public static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A Docker config with one <c>auths</c> entry per (key, user, password).</summary>
    public static string AuthsJson(params (string Key, string User, string Password)[] entries) =>
        "{\"auths\":{" + string.Join(",", entries.Select(e => $"\"{e.Key}\":{{\"auth\":\"{Auth(e.User, e.Password)}\"}}")) + "}}";

    public async Task<CredentialPolicy> PolicyAsync() => await CredentialPolicy.LoadAsync(Environment);

    /// <summary>Writes <c>bin/docker-credential-&lt;name&gt;</c> as a POSIX shell script.</summary>
    public string WriteHelper(string name, string body)
    {
        var path = System.IO.Path.Combine(Bin, "docker-credential-" + name + (Platform == CredentialPlatform.Windows ? ".CMD" : string.Empty));
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>
    /// The spec's "fake" helper (§5.7): user <c>from-cred-helper</c>, secret <c>for &lt;serverURL&gt;</c>;
    /// it records every server URL it was asked for in <c>bin/fake.log</c>.
    /// </summary>
    public void WriteFakeHelper(string name = "fake") => WriteHelper(name, $$"""
        url=$(cat)
        echo "$1 $url" >> "{{Bin}}/{{name}}.log"
        printf '{"ServerURL":"%s","Username":"from-cred-helper","Secret":"for %s"}' "$url" "$url"
        """);

    /// <summary>A helper that keeps one stored credential in <c>bin/&lt;name&gt;.json</c> (get/store/erase).</summary>
    public void WriteStoringHelper(string name) => WriteHelper(name, $$"""
        state="{{Bin}}/{{name}}.json"
        input=$(cat)
        echo "$1 $input" | sed 's/"Secret":"[^"]*"/"Secret":"***"/' >> "{{Bin}}/{{name}}.log"
        case "$1" in
          store) printf '%s' "$input" > "$state" ;;
          get) if [ -f "$state" ] && grep -q "\"ServerURL\":\"$input\"" "$state"; then cat "$state"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          erase) if [ -f "$state" ]; then rm "$state"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          *) echo "unknown verb $1" >&2; exit 2 ;;
        esac
        """);

    /// <summary>Lines the fake helper logged (verb and input).</summary>
    public IReadOnlyList<string> HelperLog(string name = "fake")
    {
        var path = System.IO.Path.Combine(Bin, name + ".log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public void Dispose() => _temp.Dispose();
}
