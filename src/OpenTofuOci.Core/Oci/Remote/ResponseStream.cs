using System.Net;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// A response body that owns its <see cref="HttpResponseMessage"/> (so disposing the stream frees
/// the connection), gives up on a body that stalls longer than the idle timeout, and resumes a body
/// cut off, reset or stalled by asking for the rest with <c>Range: bytes=N-</c>: a 206 whose
/// <c>Content-Range</c> starts at N continues the body; a 200 (the registry ignores ranges) is read
/// again from its start, skipping the N bytes already delivered. The <see cref="VerifyingStream"/>
/// above hashes every byte delivered, so the whole digest is still checked across resumptions.
/// </summary>
internal sealed class ResponseStream : Stream
{
    private readonly Descriptor _expected;
    private readonly string _source;
    private readonly Func<long, CancellationToken, Task<HttpResponseMessage>>? _reopen;
    private readonly RegistryHttpClient _client;
    private readonly RegistryRequest _request;
    private readonly DateTimeOffset _started;
    private HttpResponseMessage _response;
    private Stream _body;
    private long _read;
    private int _retries;
    private CancellationTokenSource? _idle;
    private CancellationToken _idleLinkedTo;

    /// <param name="reopen">Sends the request again from a byte offset; null when the body cannot be resumed.</param>
    public ResponseStream(HttpResponseMessage response, Stream body, Descriptor expected, string source, RegistryHttpClient client,
        RegistryRequest request, Func<long, CancellationToken, Task<HttpResponseMessage>>? reopen)
    {
        _response = response;
        _body = body;
        _expected = expected;
        _source = source;
        _client = client;
        _request = request;
        _reopen = reopen;
        _started = client.Time.GetUtcNow();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Synchronous readers (a zip reader) get the same resumption; the registry client is async underneath.
    public override int Read(Span<byte> buffer)
    {
        var rented = new byte[buffer.Length];
        var n = ReadAsync(rented, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            Exception fault;
            try
            {
                var n = await ReadWithinIdleTimeoutAsync(_body, buffer, cancellationToken).ConfigureAwait(false);
                if (n > 0 || _read >= _expected.Size)
                {
                    _read += n;
                    return n;
                }

                fault = new EndOfStreamException("the body ended early");
            }
            catch (Exception ex) when (RetryPolicy.IsTransientBodyFault(ex, cancellationToken) && _read >= _expected.Size)
            {
                // Every byte is here (the verifying stream checks them); only the end of the body was lost.
                return 0;
            }
            catch (Exception ex) when (RetryPolicy.IsTransientBodyFault(ex, cancellationToken))
            {
                fault = ex;
            }

            // The body asked for again may break off too, even before the bytes already read were
            // skipped: that is one more fault for the same budget, never an error of its own.
            while (true)
            {
                try
                {
                    await ResumeAsync(fault, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (RetryPolicy.IsTransientBodyFault(ex, cancellationToken))
                {
                    fault = ex;
                }
            }
        }
    }

    private async Task ResumeAsync(Exception fault, CancellationToken cancellationToken)
    {
        if (_reopen is null || !_client.MayRetry(_retries, _started))
        {
            throw CutOff(fault);
        }

        await _client.WaitBeforeRetryAsync(_request, _retries++, null, $"the body broke off after {_read} of {_expected.Size} bytes ({Reason(fault)}); resuming", cancellationToken)
            .ConfigureAwait(false);
        _response.Dispose();
        HttpResponseMessage next;
        try
        {
            next = await _reopen(_read, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.ConnectionFailed)
        {
            throw CutOff(ex);
        }

        _response = next;
        _body = Stream.Null;
        if (next.StatusCode == HttpStatusCode.PartialContent && next.Content.Headers.ContentRange is { Unit: "bytes" } range
            && range.From == _read && (range.Length is null || range.Length == _expected.Size))
        {
            _body = await next.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (next.StatusCode == HttpStatusCode.OK && (next.Content.Headers.ContentLength is null || next.Content.Headers.ContentLength == _expected.Size))
        {
            _body = await next.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await SkipAsync(_read, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Any other answer to a resumption (an error, a range we did not ask for) ends the read.
        throw CutOff(new IOException($"resuming at byte {_read} was answered {(int)next.StatusCode}"));
    }

    /// <summary>Reads and drops the first <paramref name="count"/> bytes of a body sent again from its start.</summary>
    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var n = await ReadWithinIdleTimeoutAsync(_body, buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("the body sent again ended before the bytes already read");
            }

            count -= n;
        }
    }

    private async ValueTask<int> ReadWithinIdleTimeoutAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var idle = IdleSource(cancellationToken);
        try
        {
            var n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            // Disarmed between reads: the time the consumer takes with the bytes is not a stall.
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
            return n;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no bytes arrived for {_client.IdleTimeout.TotalSeconds} s", ex.InnerException);
        }
    }

    /// <summary>
    /// The idle timer for the next read, re-armed. One source serves every read with the same caller
    /// token: a linked source and a timer per read cost more than the read itself when a blob arrives
    /// in thousands of small reads.
    /// </summary>
    private CancellationTokenSource IdleSource(CancellationToken cancellationToken)
    {
        if (_idle is null || _idle.IsCancellationRequested || _idleLinkedTo != cancellationToken)
        {
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _idleLinkedTo = cancellationToken;
        }

        _idle.CancelAfter(_client.IdleTimeout);
        return _idle;
    }

    private TofuOciException CutOff(Exception ex) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"Content {_expected.Digest} from {_source} should be {_expected.Size} bytes but the connection broke off after {_read} bytes ({Reason(ex)})" +
            (_retries > 0 ? $" after {_retries + 1} attempts" : string.Empty) + "; nothing was stored. Retry later; if it persists, check the network or proxy in between.",
            _expected.Digest, ex);

    private static string Reason(Exception ex) => ex.Message.TrimEnd('.');

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
            _idle?.Dispose();
        }

        base.Dispose(disposing);
    }
}
