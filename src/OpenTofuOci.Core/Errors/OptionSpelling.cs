namespace OpenTofuOci.Core.Errors;

/// <summary>
/// How the front end that runs spells options and commands in messages: <c>tofu-oci</c> says
/// <c>--force</c>, the cmdlets say <c>-Force</c>, any other caller gets <see cref="Neutral"/> words
/// ("the force option"). Each front end sets its spelling where a command starts
/// (<see cref="Use"/>); it is ambient per asynchronous flow, so it reaches every message Core composes
/// during that command (workers started with <c>Task.Run</c> included) and two front ends running in
/// one process (tests) never see each other's spelling.
/// </summary>
/// <remarks>
/// Messages are rendered when the exception is created, because many are composed from other
/// exceptions' messages; <see cref="TofuOciException.NamedOptions"/> keeps which options a message
/// names, so a front end could still say more about them.
/// </remarks>
public abstract class OptionSpelling
{
    private static readonly AsyncLocal<OptionSpelling?> Ambient = new();

    /// <summary>Words that name no front end, for callers that set no spelling.</summary>
    public static OptionSpelling Neutral { get; } = new NeutralOptionSpelling();

    /// <summary>The spelling of the command running in this asynchronous flow, or <see cref="Neutral"/>.</summary>
    public static OptionSpelling Current => Ambient.Value ?? Neutral;

    /// <summary>
    /// Makes <paramref name="spelling"/> current for this asynchronous flow (and the tasks it starts)
    /// until the returned scope is disposed, which restores the previous one.
    /// </summary>
    public static IDisposable Use(OptionSpelling spelling)
    {
        ArgumentNullException.ThrowIfNull(spelling);
        var scope = new Scope(Ambient.Value);
        Ambient.Value = spelling;
        return scope;
    }

    /// <summary>The option as a user of this front end writes it, e.g. <c>--force</c> or <c>-Force</c>.</summary>
    public abstract string OptionName(UserOption userOption);

    /// <summary>The command as a user of this front end types it, e.g. <c>tofu-oci login</c> or <c>Connect-TofuOciRegistry</c>.</summary>
    public abstract string CommandName(UserCommand command);

    /// <summary>A whole command line, ready to copy (values quoted where the front end's shell needs it).</summary>
    public abstract string CommandLine(UserInvocation invocation);

    /// <summary>The command line as it stands in a sentence: in backticks, so where it ends is clear.</summary>
    public virtual string CommandLineInText(UserInvocation invocation) => $"`{CommandLine(invocation)}`";

    private sealed class Scope(OptionSpelling? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Ambient.Value = previous;
            }
        }
    }
}
