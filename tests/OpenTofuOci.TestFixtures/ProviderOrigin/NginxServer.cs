using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenTofuOci.TestFixtures.ProviderOrigin;

/// <summary>
/// Debian's real nginx (/usr/sbin/nginx) serving a directory on a free loopback port, over TLS with a
/// certificate for 127.0.0.1 and localhost from a fresh test CA, or over plain HTTP. Runs in the foreground
/// without a master process, with its pid, logs and temp paths in its own temp directory; stopped by PID on
/// dispose. The access log records each request's host, status and Authorization header.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    /// <summary>Path of the nginx binary; tests/run.sh installs it.</summary>
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly TempDirectory _home;

    private NginxServer(Process process, TempDirectory home, int port, bool tls, string? caFile, X509Certificate2? ca)
    {
        _process = process;
        _home = home;
        Port = port;
        Tls = tls;
        CaFile = caFile;
        CaCertificate = ca;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>True when it serves https.</summary>
    public bool Tls { get; }

    /// <summary><c>https://127.0.0.1:PORT</c> (or http), without a trailing slash.</summary>
    public string BaseUrl => $"{(Tls ? "https" : "http")}://127.0.0.1:{Port}";

    /// <summary>The same server by the name <c>localhost</c>: another host for credentials and redirects.</summary>
    public string LocalhostUrl => $"{(Tls ? "https" : "http")}://localhost:{Port}";

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Authority => $"127.0.0.1:{Port}";

    /// <summary>PEM file of the CA that issued the server certificate (TLS only).</summary>
    public string? CaFile { get; }

    /// <summary>The CA that issued the server certificate (TLS only).</summary>
    public X509Certificate2? CaCertificate { get; }

    /// <summary>
    /// Starts nginx serving <paramref name="root"/>. <paramref name="extraServerConfig"/> is pasted inside the
    /// <c>server</c> block (e.g. <c>location /redirect/ { return 302 …; }</c>); <c>{PORT}</c> in it is replaced
    /// by the port.
    /// </summary>
    public static async Task<NginxServer> StartAsync(string root, bool tls = true, string extraServerConfig = "")
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("nginx is not installed; run `bash tests/run.sh` (it installs it) or `apt-get install nginx-light`.");
        }

        for (var attempt = 0; ; attempt++)
        {
            var home = new TempDirectory("tofuoci-nginx-");
            try
            {
                return await TryStartAsync(home, root, tls, extraServerConfig).ConfigureAwait(false);
            }
            catch (IOException) when (attempt < 4)
            {
                // Another process took the free port between choosing and binding it.
                home.Dispose();
            }
        }
    }

    private static async Task<NginxServer> TryStartAsync(TempDirectory home, string root, bool tls, string extra)
    {
        var port = FreePort();
        string? caFile = null;
        X509Certificate2? ca = null;
        var listen = $"listen 127.0.0.1:{port};";
        var ssl = string.Empty;
        if (tls)
        {
            ca = TestCertificates.CreateCa($"tofuoci-nginx-ca-{port}");
            using var server = TestCertificates.CreateServer(ca);
            caFile = home.Combine("ca.pem");
            TestCertificates.WritePem(ca, caFile);
            TestCertificates.WritePem(server, home.Combine("server.pem"), home.Combine("server.key"));
            listen = $"listen 127.0.0.1:{port} ssl;";
            ssl = $"ssl_certificate {home.Combine("server.pem")}; ssl_certificate_key {home.Combine("server.key")};";
        }

        foreach (var d in new[] { "tmp", "logs" })
        {
            Directory.CreateDirectory(home.Combine(d));
        }

        var config = new StringBuilder()
            .AppendLine("worker_processes 1;")
            .AppendLine("master_process off;")
            .AppendLine($"pid {home.Combine("nginx.pid")};")
            .AppendLine($"error_log {home.Combine("logs", "error.log")} info;")
            .AppendLine("events { worker_connections 256; }")
            .AppendLine("http {")
            .AppendLine("  log_format tofuoci '$host|$request_method|$uri|$status|$http_authorization';")
            .AppendLine($"  access_log {home.Combine("logs", "access.log")} tofuoci;")
            .AppendLine($"  client_body_temp_path {home.Combine("tmp", "body")};")
            .AppendLine($"  proxy_temp_path {home.Combine("tmp", "proxy")};")
            .AppendLine($"  fastcgi_temp_path {home.Combine("tmp", "fastcgi")};")
            .AppendLine($"  uwsgi_temp_path {home.Combine("tmp", "uwsgi")};")
            .AppendLine($"  scgi_temp_path {home.Combine("tmp", "scgi")};")
            .AppendLine("  types { application/json json; application/zip zip; }")
            .AppendLine("  default_type application/octet-stream;")
            .AppendLine("  server {")
            .AppendLine($"    {listen}")
            .AppendLine("    server_name _;")
            .AppendLine($"    {ssl}")
            .AppendLine($"    root {Path.GetFullPath(root)};")
            .AppendLine("    " + extra.Replace("{PORT}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .AppendLine("  }")
            .AppendLine("}");
        var configFile = home.Combine("nginx.conf");
        File.WriteAllText(configFile, config.ToString());

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", home.Path, "-c", configFile, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var server2 = new NginxServer(process, home, port, tls, caFile, ca);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
                var log = File.Exists(home.Combine("logs", "error.log")) ? File.ReadAllText(home.Combine("logs", "error.log")) : string.Empty;
                var text = error + log;
                throw text.Contains("Address already in use", StringComparison.Ordinal)
                    ? new IOException(text)
                    : new InvalidOperationException($"nginx exited with {process.ExitCode}: {text}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return server2;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The requests served so far, oldest first. nginx logs a request after its last byte went out, so a
    /// client can be done before the line is written: the log is read once its size stayed the same for 100 ms.
    /// </summary>
    public IReadOnlyList<NginxRequest> Requests()
    {
        var path = _home.Combine("logs", "access.log");
        long Size() => File.Exists(path) ? new FileInfo(path).Length : -1;
        var deadline = DateTime.UtcNow.AddSeconds(3);
        for (var last = Size(); DateTime.UtcNow < deadline;)
        {
            Thread.Sleep(100);
            var now = Size();
            if (now == last)
            {
                break;
            }

            last = now;
        }

        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var result = new List<NginxRequest>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('|');
            if (parts.Length == 5)
            {
                result.Add(new NginxRequest(parts[0], parts[1], parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), parts[4] is "-" or "" ? null : parts[4]));
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        CaCertificate?.Dispose();
        _home.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One line of the access log.</summary>
/// <param name="Host">The Host header's host (without port).</param>
/// <param name="Method">GET, HEAD…</param>
/// <param name="Path">The request path.</param>
/// <param name="Status">The status nginx answered.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
public sealed record NginxRequest(string Host, string Method, string Path, int Status, string? Authorization);
