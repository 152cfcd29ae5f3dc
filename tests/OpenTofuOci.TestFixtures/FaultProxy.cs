using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace OpenTofuOci.TestFixtures;

/// <summary>A fault the <see cref="FaultProxy"/> can inject into one HTTP exchange.</summary>
public enum FaultKind
{
    /// <summary>Read: the connection is reset (RST) before any byte of the answer.</summary>
    Reset,

    /// <summary>Read: the proxy answers 503 itself; the registry never sees the request.</summary>
    ServiceUnavailable,

    /// <summary>Read: the proxy answers 429 with <c>Retry-After</c> itself.</summary>
    TooManyRequests,

    /// <summary>Read: the registry's answer keeps its announced <c>Content-Length</c> but the body stops early and the connection closes.</summary>
    TruncatedBody,

    /// <summary>Read: one byte of the registry's body is flipped; length and headers are kept.</summary>
    FlippedByte,

    /// <summary>Read: the answer is held back for <see cref="FaultProxyOptions.Delay"/>, then relayed intact.</summary>
    Delay,

    /// <summary>Write: the connection is reset before the request reaches the registry.</summary>
    WriteResetBefore,

    /// <summary>Write: the registry carries the request out, then the connection is reset instead of relaying its answer.</summary>
    WriteResetAfter,

    /// <summary>Write: the proxy answers 500 or 503 itself; the registry never sees the request.</summary>
    WriteServerError,
}

/// <summary>Fault rates and kinds of a <see cref="FaultProxy"/>.</summary>
public sealed record FaultProxyOptions
{
    /// <summary>The six read faults of the reliability measurement.</summary>
    public static readonly IReadOnlyList<FaultKind> ReadKinds =
        [FaultKind.Reset, FaultKind.ServiceUnavailable, FaultKind.TooManyRequests, FaultKind.TruncatedBody, FaultKind.FlippedByte, FaultKind.Delay];

    /// <summary>The write faults: resets on either side of the registry's work, and 5xx answers.</summary>
    public static readonly IReadOnlyList<FaultKind> WriteKinds = [FaultKind.WriteResetBefore, FaultKind.WriteResetAfter, FaultKind.WriteServerError];

    /// <summary>Seed of every fault decision: a run with the same seed and the same requests injects the same faults.</summary>
    public int Seed { get; init; }

    /// <summary>Share (0–1) of reads (GET, HEAD) that get a fault.</summary>
    public double ReadFaultRate { get; init; }

    /// <summary>Share (0–1) of writes (POST, PATCH, PUT) that get a fault.</summary>
    public double WriteFaultRate { get; init; }

    /// <summary>Kinds a faulted read gets, chosen evenly.</summary>
    public IReadOnlyList<FaultKind> ReadFaultKinds { get; init; } = ReadKinds;

    /// <summary>Kinds a faulted write gets, chosen evenly.</summary>
    public IReadOnlyList<FaultKind> WriteFaultKinds { get; init; } = WriteKinds;

    /// <summary>How long a <see cref="FaultKind.Delay"/> holds an answer back.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The <c>Retry-After</c> seconds of a <see cref="FaultKind.TooManyRequests"/> answer.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>
    /// When set, every answer's body is relayed at no more than this many bytes a second, after its head went out
    /// at once: a large body then takes at least its size divided by this to arrive, however fast or loaded the
    /// machine, so a test can act while it is still arriving. Null: bodies go out as fast as the client reads.
    /// </summary>
    public long? BodyBytesPerSecond { get; init; }
}

/// <summary>
/// A loopback HTTP/1.1 proxy in front of a real registry that injects faults, for the reliability
/// suites. Each client connection carries one exchange (answers say <c>Connection: close</c>, so a
/// reset is never hidden by a client re-sending on a pooled connection). The request is read whole,
/// sent to the registry on a fresh connection, and the registry's answer read whole (chunked bodies
/// decoded) before it is relayed, possibly broken. <c>Location</c> headers naming the registry are
/// rewritten to the proxy.
/// </summary>
/// <remarks>
/// Whether an exchange is faulted, and how, is a function of the seed, the request (method and
/// path, upload session ids left out) and how many times that request was seen before, so a run is
/// reproducible even when requests interleave. <see cref="Counts"/> tells what was injected.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly TcpListener _listener;
    private readonly string _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private readonly Task _accepting;
    private int _reads;
    private int _writes;
    private volatile FaultProxyOptions _options;

    private FaultProxy(string upstream, FaultProxyOptions options)
    {
        _upstream = upstream;
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>host:port of the proxy, usable as a registry name.</summary>
    public string Address { get; }

    /// <summary>The rates and kinds in force; may be changed between operations (e.g. turned off for a healthy re-run).</summary>
    public FaultProxyOptions Options
    {
        get => _options;
        set => _options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Starts a proxy for the plain-HTTP registry at <paramref name="upstream"/> (host:port).</summary>
    public static FaultProxy Start(string upstream, FaultProxyOptions options) => new(upstream, options);

    /// <summary>Faults injected so far, by kind, and the reads and writes relayed or answered.</summary>
    public FaultCounts Counts => new(
        Enum.GetValues<FaultKind>().ToDictionary(k => k, k => _injected.GetValueOrDefault(k)),
        Volatile.Read(ref _reads),
        Volatile.Read(ref _writes));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var token = timeout.Token;
        try
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var reader = new HttpReader(stream);
            var head = await reader.ReadHeadAsync(token);
            if (head is null)
            {
                return;
            }

            var request = HttpHead.Parse(head);
            if (request.Header("Expect") is { } expect && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), token);
            }

            var body = await reader.ReadBodyAsync(request, isResponse: false, isHead: false, token);
            await HandleAsync(client, stream, request, body, token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task HandleAsync(TcpClient client, NetworkStream stream, HttpHead request, byte[] body, CancellationToken token)
    {
        var method = request.StartLine.Split(' ')[0];
        var write = method is "POST" or "PATCH" or "PUT";
        var read = method is "GET" or "HEAD";
        if (write)
        {
            Interlocked.Increment(ref _writes);
        }
        else if (read)
        {
            Interlocked.Increment(ref _reads);
        }

        var options = _options;
        var draw = Draw(options.Seed, method, request.StartLine.Split(' ')[1]);
        FaultKind? fault = null;
        if (read && draw.Rate < options.ReadFaultRate && options.ReadFaultKinds.Count > 0)
        {
            fault = options.ReadFaultKinds[(int)(draw.Pick % (uint)options.ReadFaultKinds.Count)];
        }
        else if (write && draw.Rate < options.WriteFaultRate && options.WriteFaultKinds.Count > 0)
        {
            fault = options.WriteFaultKinds[(int)(draw.Pick % (uint)options.WriteFaultKinds.Count)];
        }

        switch (fault)
        {
            case FaultKind.Reset or FaultKind.WriteResetBefore:
                Reset(client, fault.Value);
                return;
            case FaultKind.ServiceUnavailable:
                await AnswerAsync(stream, 503, "Service Unavailable", null, fault.Value, token);
                return;
            case FaultKind.TooManyRequests:
                await AnswerAsync(stream, 429, "Too Many Requests", options.RetryAfterSeconds, fault.Value, token);
                return;
            case FaultKind.WriteServerError:
                var unavailable = draw.Extra % 2 == 0;
                await AnswerAsync(stream, unavailable ? 503 : 500, unavailable ? "Service Unavailable" : "Internal Server Error", null, fault.Value, token);
                return;
            case FaultKind.Delay:
                await Task.Delay(options.Delay, token);
                break;
        }

        var (response, responseBody) = await ForwardAsync(request, body, token);
        var isHead = method == "HEAD";
        if (fault is FaultKind.WriteResetAfter)
        {
            Reset(client, fault.Value);
            return;
        }

        var status = int.Parse(response.StartLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var breakable = !isHead && status is >= 200 and < 300 && responseBody.Length >= 2;
        if (fault is FaultKind.TruncatedBody or FaultKind.FlippedByte && !breakable)
        {
            // Nothing to break in an empty body or a HEAD answer: the exchange is reset instead.
            Reset(client, FaultKind.Reset);
            return;
        }

        var headers = response.Headers
            .Where(h => !IsHopByHop(h.Name) && !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? (h.Name, RewriteLocation(h.Value)) : h)
            .ToList();
        var length = isHead ? response.Header("Content-Length") : responseBody.Length.ToString(CultureInfo.InvariantCulture);
        if (length is not null)
        {
            headers.Add(("Content-Length", length));
        }

        headers.Add(("Connection", "close"));
        var sent = responseBody;
        if (fault is FaultKind.TruncatedBody)
        {
            sent = responseBody[..(int)(draw.Extra % (uint)responseBody.Length)];
        }
        else if (fault is FaultKind.FlippedByte)
        {
            sent = (byte[])responseBody.Clone();
            sent[(int)(draw.Extra % (uint)sent.Length)] ^= (byte)(1 << draw.Bit);
        }

        if (fault is not null)
        {
            Count(fault.Value);
        }

        await stream.WriteAsync(HttpHead.Format(response.StartLine, headers), token);
        await stream.FlushAsync(token);
        if (!isHead)
        {
            await WriteBodyAsync(stream, sent, options.BodyBytesPerSecond, token);
        }

        await stream.FlushAsync(token);
        client.Client.Shutdown(SocketShutdown.Send);
    }

    private static async Task WriteBodyAsync(NetworkStream stream, byte[] body, long? bytesPerSecond, CancellationToken token)
    {
        if (bytesPerSecond is not > 0)
        {
            await stream.WriteAsync(body, token);
            return;
        }

        const int Chunk = 64 * 1024;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var offset = 0; offset < body.Length; offset += Chunk)
        {
            // Each chunk waits for the time its first byte is due, so the body never arrives sooner than its rate
            // allows, however late earlier chunks were written.
            var due = TimeSpan.FromSeconds(offset / (double)bytesPerSecond.Value);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, token);
            }

            await stream.WriteAsync(body.AsMemory(offset, Math.Min(Chunk, body.Length - offset)), token);
            await stream.FlushAsync(token);
        }
    }

    private void Count(FaultKind kind) => _injected.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private void Reset(TcpClient client, FaultKind kind)
    {
        Count(kind);
        client.LingerState = new LingerOption(true, 0);
        client.Client.Close(0);
    }

    private async Task AnswerAsync(NetworkStream stream, int status, string reason, int? retryAfter, FaultKind kind, CancellationToken token)
    {
        Count(kind);
        var body = Encoding.UTF8.GetBytes($"{{\"errors\":[{{\"code\":\"UNAVAILABLE\",\"message\":\"injected {status}\"}}]}}");
        var headers = new List<(string, string)> { ("Content-Type", "application/json"), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)), ("Connection", "close") };
        if (retryAfter is not null)
        {
            headers.Add(("Retry-After", retryAfter.Value.ToString(CultureInfo.InvariantCulture)));
        }

        await stream.WriteAsync(HttpHead.Format($"HTTP/1.1 {status} {reason}", headers), token);
        await stream.WriteAsync(body, token);
        await stream.FlushAsync(token);
    }

    private async Task<(HttpHead Head, byte[] Body)> ForwardAsync(HttpHead request, byte[] body, CancellationToken token)
    {
        var colon = _upstream.LastIndexOf(':');
        using var upstream = new TcpClient { NoDelay = true };
        await upstream.ConnectAsync(_upstream[..colon], int.Parse(_upstream[(colon + 1)..], CultureInfo.InvariantCulture), token);
        var stream = upstream.GetStream();
        var method = request.StartLine.Split(' ')[0];
        var headers = request.Headers
            .Where(h => !IsHopByHop(h.Name) && !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !h.Name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (body.Length > 0 || method is "POST" or "PATCH" or "PUT")
        {
            headers.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(("Connection", "close"));
        await stream.WriteAsync(HttpHead.Format(request.StartLine, headers), token);
        await stream.WriteAsync(body, token);
        await stream.FlushAsync(token);
        var reader = new HttpReader(stream);
        var head = await reader.ReadHeadAsync(token) ?? throw new IOException("the registry closed the connection without answering");
        var response = HttpHead.Parse(head);
        var responseBody = await reader.ReadBodyAsync(response, isResponse: true, isHead: method == "HEAD", token);
        return (response, responseBody);
    }

    private string RewriteLocation(string location) =>
        location.StartsWith($"http://{_upstream}", StringComparison.OrdinalIgnoreCase) ? $"http://{Address}" + location[$"http://{_upstream}".Length..] : location;

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase);

    /// <summary>The seeded draw of the <c>n</c>th sighting of a request: a rate in [0, 1), numbers to pick kinds and offsets with, and a bit to flip.</summary>
    private (double Rate, uint Pick, uint Extra, int Bit) Draw(int seed, string method, string target)
    {
        var path = target.Split('?')[0];
        var uploads = path.IndexOf("/blobs/uploads/", StringComparison.Ordinal);
        if (uploads >= 0)
        {
            // Session ids are the registry's random choice; the request is the same without them.
            path = path[..(uploads + "/blobs/uploads/".Length)];
        }

        var key = method + " " + path;
        var n = _seen.AddOrUpdate(key, 1, (_, c) => c + 1);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{key}|{n}")));
        var rate = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
        return (Math.Min(rate, 0.999_999), BitConverter.ToUInt32(hash, 4), BitConverter.ToUInt32(hash, 8), hash[12] % 8);
    }

    /// <summary>Stops accepting and ends the exchanges in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    /// <summary>The start line and headers of a request or response.</summary>
    private sealed record HttpHead(string StartLine, IReadOnlyList<(string Name, string Value)> Headers)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        public static HttpHead Parse(byte[] head)
        {
            var lines = Encoding.Latin1.GetString(head).Split("\r\n");
            var headers = new List<(string, string)>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new FormatException("malformed header line: " + line);
                }

                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }

            if (lines[0].Split(' ').Length < 2)
            {
                throw new FormatException("malformed start line: " + lines[0]);
            }

            return new HttpHead(lines[0], headers);
        }

        public static byte[] Format(string startLine, IEnumerable<(string Name, string Value)> headers)
        {
            var text = new StringBuilder(startLine).Append("\r\n");
            foreach (var (name, value) in headers)
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
        }
    }

    /// <summary>Reads HTTP/1.1 heads and bodies (Content-Length, chunked, or until the connection closes) from a stream.</summary>
    private sealed class HttpReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        /// <summary>The head up to and without the blank line; null when the stream ends before any byte.</summary>
        public async Task<byte[]?> ReadHeadAsync(CancellationToken token)
        {
            using var head = new MemoryStream();
            while (true)
            {
                var span = _buffer.AsSpan(_start, _end - _start);
                var end = span.IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    head.Write(span[..end]);
                    _start += end + 4;
                    return head.ToArray();
                }

                // Keep the last three bytes: the terminator may straddle two reads.
                var keep = Math.Min(3, span.Length);
                head.Write(span[..^keep]);
                if (head.Length > MaxHeadBytes)
                {
                    throw new FormatException("head too large");
                }

                _buffer.AsSpan(_end - keep, keep).CopyTo(_buffer);
                (_start, _end) = (0, keep);
                var read = await stream.ReadAsync(_buffer.AsMemory(_end), token);
                if (read == 0)
                {
                    return head.Length == 0 && _end == 0 ? null : throw new IOException("the connection closed inside a head");
                }

                _end += read;
            }
        }

        public async Task<byte[]> ReadBodyAsync(HttpHead head, bool isResponse, bool isHead, CancellationToken token)
        {
            if (isHead)
            {
                return [];
            }

            if (isResponse)
            {
                var status = int.Parse(head.StartLine.Split(' ')[1], CultureInfo.InvariantCulture);
                if (status is (>= 100 and < 200) or 204 or 304)
                {
                    return [];
                }
            }

            if (head.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return await ReadChunkedAsync(token);
            }

            if (head.Header("Content-Length") is { } cl)
            {
                return await ReadExactlyAsync(long.Parse(cl, CultureInfo.InvariantCulture), token);
            }

            return isResponse ? await ReadToEndAsync(token) : [];
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken token)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var line = await ReadLineAsync(token);
                var size = Convert.ToInt64(line.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(token)).Length > 0)
                    {
                    }

                    return body.ToArray();
                }

                body.Write(await ReadExactlyAsync(size, token));
                await ReadLineAsync(token);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken token)
        {
            var line = new StringBuilder();
            while (true)
            {
                if (_start == _end && !await FillAsync(token))
                {
                    throw new IOException("the connection closed inside a chunk header");
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append((char)b);
            }
        }

        private async Task<byte[]> ReadExactlyAsync(long count, CancellationToken token)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(token))
                {
                    throw new IOException("the connection closed inside a body");
                }

                var n = (int)Math.Min(count - filled, _end - _start);
                _buffer.AsSpan(_start, n).CopyTo(result.AsSpan(filled));
                _start += n;
                filled += n;
            }

            return result;
        }

        private async Task<byte[]> ReadToEndAsync(CancellationToken token)
        {
            using var body = new MemoryStream();
            do
            {
                body.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
            while (await FillAsync(token));
            return body.ToArray();
        }

        private async Task<bool> FillAsync(CancellationToken token)
        {
            _start = _end = 0;
            var read = await stream.ReadAsync(_buffer, token);
            _end = read;
            return read > 0;
        }
    }
}

/// <summary>What a <see cref="FaultProxy"/> injected, by kind, and how many reads and writes it saw.</summary>
public sealed record FaultCounts(IReadOnlyDictionary<FaultKind, int> ByKind, int Reads, int Writes)
{
    /// <summary>All faults injected.</summary>
    public int Total => ByKind.Values.Sum();

    /// <summary>What was injected between <paramref name="earlier"/> and this snapshot.</summary>
    public FaultCounts Since(FaultCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new FaultCounts(ByKind.ToDictionary(k => k.Key, k => k.Value - earlier.ByKind.GetValueOrDefault(k.Key)), Reads - earlier.Reads, Writes - earlier.Writes);
    }
}
