using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.TestFixtures;

/// <summary>
/// A real CNCF distribution registry (Debian's docker-registry 2.8.2) started as a child process on
/// an ephemeral loopback port with temp storage, in one of the <see cref="RegistryMode"/>s; stopped by
/// PID and its storage deleted on dispose.
/// </summary>
public sealed partial class RegistryServer : IAsyncDisposable
{
    public const string UserName = "tofu";
    public const string Password = "s3cret-Pa55";

    private readonly Process _process;
    private readonly TempDirectory _root;
    private readonly StringBuilder _log = new();

    private RegistryServer(Process process, TempDirectory root, string address, RegistryMode mode, X509Certificate2? ca, TokenServer? tokens,
        X509Certificate2? clientCa = null)
    {
        ClientCaCertificate = clientCa;
        _process = process;
        _root = root;
        Address = address;
        Mode = mode;
        CaCertificate = ca;
        Tokens = tokens;
    }

    /// <summary>host:port of the registry.</summary>
    public string Address { get; }

    public RegistryMode Mode { get; }

    /// <summary>The private CA that issued the TLS certificate (TLS mode only).</summary>
    public X509Certificate2? CaCertificate { get; }

    /// <summary>The CA whose client certificates the registry accepts (mutual TLS mode only); it has its private key, to issue more.</summary>
    public X509Certificate2? ClientCaCertificate { get; }

    /// <summary>The token service (token mode only).</summary>
    public TokenServer? Tokens { get; }

    /// <summary>The registry's storage directory.</summary>
    public string StorageDirectory => _root.Combine("data");

    /// <summary>Path of the docker-registry binary; tests/run.sh installs it.</summary>
    public static string Executable => File.Exists("/usr/bin/docker-registry") ? "/usr/bin/docker-registry" : "docker-registry";

    public static async Task<RegistryServer> StartAsync(RegistryMode mode)
    {
        if (!File.Exists("/usr/bin/docker-registry"))
        {
            throw new InvalidOperationException("docker-registry is not installed; run `bash tests/run.sh` (it installs it) or `apt-get install docker-registry`.");
        }

        var root = new TempDirectory("tofuoci-registry-");
        Directory.CreateDirectory(root.Combine("data"));
        X509Certificate2? ca = null;
        X509Certificate2? clientCa = null;
        TokenServer? tokens = null;
        var config = new StringBuilder();
        config.AppendLine("version: 0.1");
        config.AppendLine("log: { level: info, accesslog: { disabled: true } }");
        config.AppendLine("storage:");
        config.AppendLine($"  filesystem: {{ rootdirectory: {root.Combine("data")} }}");
        config.AppendLine("  delete: { enabled: true }");
        config.AppendLine("http:");
        config.AppendLine("  addr: 127.0.0.1:0");
        config.AppendLine("  secret: tofuoci-test-secret");
        switch (mode)
        {
            case RegistryMode.Tls or RegistryMode.TlsBasic:
                ca = TestCertificates.CreateCa("tofuoci-test-ca");
                using (var server = TestCertificates.CreateServer(ca))
                {
                    TestCertificates.WritePem(server, root.Combine("server.pem"), root.Combine("server.key"));
                }

                config.AppendLine($"  tls: {{ certificate: {root.Combine("server.pem")}, key: {root.Combine("server.key")} }}");
                if (mode == RegistryMode.TlsBasic)
                {
                    await File.WriteAllTextAsync(root.Combine("htpasswd"), await Htpasswd.EntryAsync(UserName, Password));
                    config.AppendLine("auth:");
                    config.AppendLine($"  htpasswd: {{ realm: tofuoci-test, path: {root.Combine("htpasswd")} }}");
                }

                break;
            case RegistryMode.MutualTls:
                ca = TestCertificates.CreateCa("tofuoci-test-ca");
                clientCa = TestCertificates.CreateCa("tofuoci-test-client-ca");
                using (var server = TestCertificates.CreateServer(ca))
                {
                    TestCertificates.WritePem(server, root.Combine("server.pem"), root.Combine("server.key"));
                }

                TestCertificates.WritePem(clientCa, root.Combine("client-ca.pem"));
                config.AppendLine($"  tls: {{ certificate: {root.Combine("server.pem")}, key: {root.Combine("server.key")}, clientcas: [ {root.Combine("client-ca.pem")} ] }}");
                break;
            case RegistryMode.Basic:
                await File.WriteAllTextAsync(root.Combine("htpasswd"), await Htpasswd.EntryAsync(UserName, Password));
                config.AppendLine("auth:");
                config.AppendLine($"  htpasswd: {{ realm: tofuoci-test, path: {root.Combine("htpasswd")} }}");
                break;
            case RegistryMode.Token:
                tokens = await TokenServer.StartAsync();
                tokens.Users[UserName] = Password;
                TestCertificates.WritePem(tokens.Signer, root.Combine("token-signer.pem"));
                config.AppendLine("auth:");
                config.AppendLine($"  token: {{ realm: \"{tokens.Realm}\", service: {TokenServer.Service}, issuer: {TokenServer.Issuer}, rootcertbundle: {root.Combine("token-signer.pem")} }}");
                break;
        }

        await File.WriteAllTextAsync(root.Combine("config.yml"), config.ToString());
        var psi = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "serve", root.Combine("config.yml") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("docker-registry did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("docker-registry exited: " + log));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            var m = ListeningLine().Match(e.Data);
            if (m.Success)
            {
                listening.TrySetResult(m.Groups[1].Value);
            }
        }

        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        string address;
        try
        {
            address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            TryKill(process);
            root.Dispose();
            if (tokens is not null)
            {
                await tokens.DisposeAsync();
            }

            throw;
        }

        var registry = new RegistryServer(process, root, address, mode, ca, tokens, clientCa);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryKill(process);
        return registry;
    }

    /// <summary>Options for a <see cref="RemoteRepository"/> talking to this registry: plain HTTP or the trusted CA, and the right credentials.</summary>
    public RemoteRepositoryOptions ClientOptions(RegistryCredential? credential = null, Action<string>? log = null) => new()
    {
        PlainHttp = Mode is not (RegistryMode.Tls or RegistryMode.TlsBasic or RegistryMode.MutualTls),
        Handler = CaCertificate is null ? null : TestCertificates.CreateTrustingHandler(CaCertificate),
        Credentials = credential is null ? AnonymousCredentialProvider.Instance : new StaticCredentialProvider(Address, credential),
        Log = log,
    };

    /// <summary>The valid credentials for Basic and token modes.</summary>
    public static RegistryCredential ValidCredential => RegistryCredential.Basic(UserName, Password, "test fixture");

    /// <summary>A repository client on this registry.</summary>
    public RemoteRepository Repository(string name, RegistryCredential? credential = null, Action<string>? log = null) =>
        new(Address, name, ClientOptions(credential, log));

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        _process.Dispose();
        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }

        CaCertificate?.Dispose();
        ClientCaCertificate?.Dispose();
        _root.Dispose();
    }

    [GeneratedRegex(@"listening on (127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
