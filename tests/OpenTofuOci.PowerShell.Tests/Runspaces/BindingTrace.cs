using System.Text.RegularExpressions;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>One value PowerShell's parameter binder bound, as its trace reports it.</summary>
/// <param name="Command">The cmdlet.</param>
/// <param name="Parameter">The parameter bound.</param>
/// <param name="Value">The argument as the trace prints it (arrays by type name).</param>
/// <param name="FromPipeline">Bound from a pipeline object rather than from the command line.</param>
/// <param name="How">For pipeline input: "ValueFromPipeline" or "ValueFromPipelineByPropertyName" (with "NO COERCION" or "WITH COERCION").</param>
public sealed record Binding(string Command, string Parameter, string Value, bool FromPipeline, string? How);

/// <summary>
/// The tests that trace parameter binding. PowerShell's trace sources are process-wide, so a trace
/// would also record the binding of cmdlets other tests run in parallel: these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BindingTraceGroup
{
    public const string Name = "Parameter binding trace";
}

/// <summary>
/// Reads what <c>Trace-Command -Name ParameterBinding</c> wrote to the debug stream: PowerShell's own
/// account of which parameter each argument and pipeline object was bound to, so a test sees the
/// binding itself and not only what the cmdlet made of it.
/// </summary>
public static partial class BindingTrace
{
    /// <summary>Wraps <paramref name="pipeline"/> so that its parameter binding is traced to the debug stream.</summary>
    public static string Traced(string pipeline) =>
        $"Trace-Command -Name ParameterBinding -Expression {{ {pipeline} }} -PSHost";

    /// <summary>Every successful binding, in order.</summary>
    public static IReadOnlyList<Binding> Bindings(PowerShellRun run)
    {
        var result = new List<Binding>();
        string? command = null;
        var fromPipeline = false;
        string? how = null;
        var attempts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in run.Debug)
        {
            if (NamedArgs().Match(line) is { Success: true } named)
            {
                (command, fromPipeline, how) = (named.Groups[1].Value, false, null);
            }
            else if (PipelineObject().Match(line) is { Success: true } piped)
            {
                (command, fromPipeline, how) = (piped.Groups[1].Value, true, null);
            }
            else if (PipelineMode().Match(line) is { Success: true } mode)
            {
                how = mode.Groups[2].Value;
            }
            else if (Attempt().Match(line) is { Success: true } attempt)
            {
                attempts[attempt.Groups[2].Value] = attempt.Groups[1].Value;
            }
            else if (Success().Match(line) is { Success: true } ok && command is not null)
            {
                var parameter = ok.Groups[2].Value;
                result.Add(new Binding(command, parameter, attempts.GetValueOrDefault(parameter, ok.Groups[1].Value), fromPipeline, fromPipeline ? how : null));
            }
        }

        return result;
    }

    /// <summary>The pipeline bindings of <paramref name="command"/> in order, as "Parameter&lt;=Value (how)".</summary>
    public static IReadOnlyList<string> Piped(PowerShellRun run, string command) =>
        Bindings(run).Where(b => b.Command == command && b.FromPipeline).Select(b => $"{b.Parameter}<={b.Value} ({b.How})").ToList();

    /// <summary>The command-line bindings of <paramref name="command"/>, as "Parameter=Value", sorted.</summary>
    public static IReadOnlyList<string> Named(PowerShellRun run, string command) =>
        Bindings(run).Where(b => b.Command == command && !b.FromPipeline).Select(b => $"{b.Parameter}={b.Value}").Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"BIND (?:NAMED|POSITIONAL) cmd line args \[([\w-]+)\]")]
    private static partial Regex NamedArgs();

    [GeneratedRegex(@"BIND PIPELINE object to parameters: \[([\w-]+)\]")]
    private static partial Regex PipelineObject();

    [GeneratedRegex(@"Parameter \[(\w+)\] PIPELINE INPUT (ValueFromPipeline(?:ByPropertyName)? (?:NO|WITH) COERCION)")]
    private static partial Regex PipelineMode();

    [GeneratedRegex(@"BIND arg \[(.*)\] to parameter \[(\w+)\]$")]
    private static partial Regex Attempt();

    [GeneratedRegex(@"BIND arg \[(.*)\] to param \[(\w+)\] SUCCESSFUL$")]
    private static partial Regex Success();
}
