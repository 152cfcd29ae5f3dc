using System.Collections.Concurrent;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Sends what credential discovery warns or notes during one cmdlet invocation to the streams of the
/// worker currently running: warnings to the warning stream, the rest to verbose. Notices raised
/// before any worker runs are held until one does.
/// </summary>
internal sealed class CredentialNoticeRelay
{
    private readonly ConcurrentQueue<CredentialNotice> _pending = new();
    private volatile IPipelineWriter? _output;

    /// <summary>Sends held and later notices to <paramref name="output"/>.</summary>
    public void Attach(IPipelineWriter output)
    {
        _output = output;
        while (_pending.TryDequeue(out var notice))
        {
            Send(output, notice);
        }
    }

    /// <summary>Receives one notice, from any thread.</summary>
    public void Notice(CredentialNotice notice)
    {
        if (_output is { } output)
        {
            Send(output, notice);
        }
        else
        {
            _pending.Enqueue(notice);
        }
    }

    private static void Send(IPipelineWriter output, CredentialNotice notice)
    {
        if (notice.IsWarning)
        {
            output.WriteWarning(notice.Message);
        }
        else
        {
            output.WriteVerbose(notice.Message);
        }
    }
}
