using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// Runspaces with the module imported by its psd1 from this test project's output directory (where
/// the project reference puts OpenTofuOci.dll, OpenTofuOci.psd1 and OpenTofuOci.Format.ps1xml), each
/// with its own <see cref="TestHost"/>. Opened runspaces are shared: a test rents one, uses it alone,
/// and returns it reset, so the whole project opens only about as many as run in parallel.
/// </summary>
/// <remarks>
/// Runspaces are rented rather than taken from a <c>RunspacePool</c> because a pool has one host for
/// all its runspaces, and the What-if text and confirmation prompts a test asserts on go to the host.
/// </remarks>
public static class ModuleRunspaces
{
    private static readonly ConcurrentBag<RunspaceLease> Idle = [];
    private static readonly Lazy<InitialSessionState> SessionState = new(CreateSessionState);

    /// <summary>The module manifest the runspaces import.</summary>
    public static string ManifestPath { get; } = Path.Combine(AppContext.BaseDirectory, "OpenTofuOci.psd1");

    /// <summary>A runspace for the caller alone until the lease is disposed.</summary>
    public static RunspaceLease Rent()
    {
        TestEnvironment.EnsureIsolated();
        if (Idle.TryTake(out var lease))
        {
            return lease;
        }

        var host = new TestHost();
        var runspace = RunspaceFactory.CreateRunspace(host, SessionState.Value);
        runspace.Open();
        return new RunspaceLease(runspace, host, Return);
    }

    private static void Return(RunspaceLease lease)
    {
        if (lease.Runspace.RunspaceStateInfo.State != RunspaceState.Opened)
        {
            lease.Runspace.Dispose();
            return;
        }

        // Variables, preferences and the location a test set must not reach the next test.
        lease.Runspace.ResetRunspaceState();
        lease.Host.Reset();
        Idle.Add(lease);
    }

    private static InitialSessionState CreateSessionState()
    {
        foreach (var file in new[] { "OpenTofuOci.dll", "OpenTofuOci.psd1", "OpenTofuOci.Format.ps1xml" })
        {
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, file)))
            {
                throw new InvalidOperationException($"{file} is missing from {AppContext.BaseDirectory}; the project reference to the module should copy it there (dotnet build).");
            }
        }

        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ManifestPath);
        // Errors on import would otherwise be swallowed and surface later as "command not found".
        state.ThrowOnRunspaceOpenError = true;
        return state;
    }
}

/// <summary>One rented runspace and its host; disposing returns it.</summary>
public sealed class RunspaceLease : IDisposable
{
    private readonly Action<RunspaceLease> _return;
    private bool _returned;

    internal RunspaceLease(Runspace runspace, TestHost host, Action<RunspaceLease> onReturn)
    {
        Runspace = runspace;
        Host = host;
        _return = onReturn;
    }

    public Runspace Runspace { get; }

    public TestHost Host { get; }

    /// <summary>
    /// Runs <paramref name="script"/> to its end with <paramref name="variables"/> set as PowerShell
    /// variables, and returns everything it produced. A terminating error is returned, not thrown.
    /// </summary>
    public PowerShellRun Run(string script, params (string Name, object? Value)[] variables)
    {
        using var running = Start(script, variables);
        return running.Wait(TimeSpan.FromMinutes(2));
    }

    /// <summary>Starts <paramref name="script"/> asynchronously (BeginInvoke), so a test can stop it.</summary>
    public RunningPipeline Start(string script, params (string Name, object? Value)[] variables)
    {
        Host.ClearRecords();
        foreach (var (name, value) in variables)
        {
            Runspace.SessionStateProxy.SetVariable(name, value);
        }

        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        return new RunningPipeline(shell, Host);
    }

    public void Dispose()
    {
        if (!_returned)
        {
            _returned = true;
            _return(this);
        }
    }
}
