using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>
/// A real docker-registry over HTTPS with a certificate from a private CA made for the test (the
/// Core test project's fixture is not referenced from here). Stopped by PID on dispose.
/// </summary>
internal sealed partial class TlsRegistryProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private TlsRegistryProcess(Process process, string root, string address, string caFile)
    {
        _process = process;
        _root = root;
        Address = address;
        CaFile = caFile;
    }

    public string Address { get; }

    /// <summary>PEM file of the CA that issued the registry's certificate.</summary>
    public string CaFile { get; }

    public static async Task<TlsRegistryProcess> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("tofuoci-ps-tlsreg-").FullName;
        using var caKey = RSA.Create(2048);
        var caReq = new CertificateRequest("CN=ps-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var caFile = Path.Combine(root, "ca.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(root, "server.pem"), server.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(root, "server.key"), key.ExportRSAPrivateKeyPem());
        Directory.CreateDirectory(Path.Combine(root, "data"));
        await File.WriteAllTextAsync(Path.Combine(root, "config.yml"), $"""
            version: 0.1
            log: {"{"} level: info, accesslog: {"{"} disabled: true {"}"} {"}"}
            storage:
              filesystem: {"{"} rootdirectory: {Path.Combine(root, "data")} {"}"}
            http:
              addr: 127.0.0.1:0
              secret: ps-test-secret
              tls: {"{"} certificate: {Path.Combine(root, "server.pem")}, key: {Path.Combine(root, "server.key")} {"}"}
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/bin/docker-registry")
        {
            ArgumentList = { "serve", Path.Combine(root, "config.yml") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("docker-registry did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("docker-registry exited"));
            }
            else if (Listening().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(m.Groups[1].Value);
            }
        }

        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            return new TlsRegistryProcess(process, root, await listening.Task.WaitAsync(TimeSpan.FromSeconds(20)), caFile);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [GeneratedRegex(@"listening on (127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
