namespace OpenTofuOci.Core.Errors;

/// <summary>
/// The one exception type Core throws for expected failures. It carries a stable
/// <see cref="ErrorId"/>, a <see cref="Kind"/> for front ends to map, the <see cref="Target"/>
/// (reference, digest or path) it concerns, and the registry's own error details when it sent any.
/// Messages say what happened and what to do; they never contain credentials. Options and commands in a
/// message are written as the running front end spells them (<see cref="OptionSpelling"/>), and
/// <see cref="NamedOptions"/> keeps which ones it names.
/// </summary>
public class TofuOciException : Exception
{
    public TofuOciException(string errorId, ErrorKind kind, string message, string? target = null,
        Exception? innerException = null, IReadOnlyList<RegistryErrorDetail>? registryErrors = null,
        int? statusCode = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RegistryErrors = registryErrors ?? [];
        StatusCode = statusCode;
    }

    /// <summary>
    /// An exception whose message may name options and commands (<c>$"… {UserOption.Force} …"</c>); they
    /// are spelled for the running front end and recorded in <see cref="NamedOptions"/> and <see cref="NamedCommands"/>.
    /// </summary>
    public TofuOciException(string errorId, ErrorKind kind, UserMessage message, string? target = null,
        Exception? innerException = null, IReadOnlyList<RegistryErrorDetail>? registryErrors = null,
        int? statusCode = null)
        : this(errorId, kind, (message ?? throw new ArgumentNullException(nameof(message))).Text, target, innerException, registryErrors, statusCode)
    {
        NamedOptions = message.Options;
        NamedCommands = message.Commands;
    }

    public TofuOciException() : this(ErrorIds.RegistryError, ErrorKind.InvalidOperation, "OpenTofuOci operation failed.") { }

    public TofuOciException(string message) : this(ErrorIds.RegistryError, ErrorKind.InvalidOperation, message) { }

    public TofuOciException(string message, Exception innerException)
        : this(ErrorIds.RegistryError, ErrorKind.InvalidOperation, message, null, innerException) { }

    /// <summary>Stable identifier, one of <see cref="ErrorIds"/> or a later issue's ids.</summary>
    public string ErrorId { get; }

    /// <summary>Broad class of the failure.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The reference, digest or path the error is about, when known.</summary>
    public string? Target { get; }

    /// <summary>The registry's own error entries, in the order it sent them.</summary>
    public IReadOnlyList<RegistryErrorDetail> RegistryErrors { get; }

    /// <summary>The HTTP status that caused the error, when it came from a registry.</summary>
    public int? StatusCode { get; }

    /// <summary>The options the message names (spelled in it for the front end that ran), in order of first mention.</summary>
    public IReadOnlyList<UserOption> NamedOptions { get; } = [];

    /// <summary>The commands the message suggests, in order of first mention.</summary>
    public IReadOnlyList<UserCommand> NamedCommands { get; } = [];
}
