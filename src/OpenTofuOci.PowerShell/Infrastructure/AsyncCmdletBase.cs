using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Base for cmdlets whose work is asynchronous Core operations. Core runs on a worker thread;
/// everything it writes is queued and replayed on the pipeline thread, the only thread PowerShell
/// allows <c>Write*</c> and <c>ShouldProcess</c> on. Ctrl+C cancels <see cref="StoppingToken"/>.
/// Core's messages name options as the cmdlets spell them (<c>-Force</c>), on the pipeline thread and
/// on the worker alike (<see cref="PowerShellOptionSpelling"/>).
/// </summary>
public abstract class AsyncCmdletBase : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _stopping;
    private bool _disposed;
    private readonly CredentialNoticeRelay _notices = new();
    private AccessEnvironment? _access;
    private IDisposable? _spelling;

    /// <summary>
    /// What this invocation sees of the process, shared by every item it processes: the credentials
    /// tofu would find (one policy load, its notices going to the worker that is running) and the CLI
    /// configuration (read once).
    /// </summary>
    private protected AccessEnvironment Access => _access ??= AccessEnvironment.Current(_notices.Notice);

    /// <summary>
    /// Plans how to reach the request's repositories (Core's one set of rules) and warns about the
    /// parameters that do not apply. Throws the Core error a bad address or combination gives.
    /// </summary>
    private protected AccessPlan PlanAccess(AccessRequest request)
    {
        var plan = AccessPlan.Create(request);
        foreach (var warning in plan.Warnings())
        {
            WriteWarning(warning.Text);
        }

        return plan;
    }

    /// <summary>Cancelled when the pipeline stops (Ctrl+C, <c>Select-Object -First</c>, ...).</summary>
    protected CancellationToken StoppingToken => EnsureStopping().Token;

    protected override void BeginProcessing()
    {
        EnsureStopping();
        // Messages Core builds on the pipeline thread (parameter mapping, -WhatIf checks) say -Force too.
        _spelling ??= OptionSpelling.Use(PowerShellOptionSpelling.Instance);
        base.BeginProcessing();
    }

    protected override void StopProcessing()
    {
        try
        {
            _stopping?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // StopProcessing arrives on another thread and may race with disposal; nothing left to stop.
        }

        base.StopProcessing();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread and pumps what it writes to the pipeline until it
    /// ends. Its exceptions are rethrown here unwrapped; cancellation becomes
    /// <see cref="PipelineStoppedException"/>.
    /// </summary>
    private protected void RunOnWorker(Func<IPipelineWriter, CancellationToken, Task> work) =>
        PipelinePump.Run(new CmdletSink(this), EnsureStopping(), async (output, cancellationToken) =>
        {
            // The worker inherits the pipeline thread's spelling; set it here too so no caller depends on that.
            using var spelling = OptionSpelling.Use(PowerShellOptionSpelling.Instance);
            _notices.Attach(output);
            await work(output, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// <see cref="RunOnWorker"/> for one input item: a Core failure becomes a non-terminating error so
    /// the pipeline goes on with the next item. Returns false when the item failed.
    /// </summary>
    private protected bool RunItemOnWorker(Func<IPipelineWriter, CancellationToken, Task> work, object? target = null)
    {
        try
        {
            RunOnWorker(work);
            return true;
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return false;
        }
        catch (Exception e) when (FileSystemErrors.Handles(e))
        {
            WriteError(ErrorMapping.ToErrorRecord(FileSystemErrors.Translate(e), target));
            return false;
        }
    }

    /// <summary>
    /// Makes a file system path absolute the way PowerShell would: "~" and drive-qualified paths
    /// (TestDrive:\x, C:\x) through PowerShell's providers, anything else relative to PowerShell's
    /// current file system location, never the process directory. No wildcards are expanded.
    /// </summary>
    private protected string ResolveLayoutPath(string path)
    {
        if (path.StartsWith('~') || path.IndexOf(':', StringComparison.Ordinal) > 0)
        {
            try
            {
                return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is SessionStateException or ProviderInvocationException or NotSupportedException or ArgumentException)
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"\"{path}\" is not a file system path PowerShell can resolve: {e.Message}", path, e);
            }
        }

        return Path.GetFullPath(path, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _stopping?.Dispose();
            _spelling?.Dispose();
        }
    }

    // BeginProcessing normally creates it; a derived BeginProcessing that forgets base must not
    // leave the cmdlet unstoppable.
    private CancellationTokenSource EnsureStopping()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _stopping ??= new CancellationTokenSource();
    }

    private sealed class CmdletSink(AsyncCmdletBase cmdlet) : IPipelineSink
    {
        public void WriteObject(object? item) => cmdlet.WriteObject(item);

        public void WriteVerbose(string text) => cmdlet.WriteVerbose(text);

        public void WriteDebug(string text) => cmdlet.WriteDebug(text);

        public void WriteWarning(string text) => cmdlet.WriteWarning(text);

        public void WriteProgress(ProgressRecord record) => cmdlet.WriteProgress(record);

        public void WriteError(ErrorRecord record) => cmdlet.WriteError(record);

        public bool ShouldProcess(string target, string action) => cmdlet.ShouldProcess(target, action);
    }
}
