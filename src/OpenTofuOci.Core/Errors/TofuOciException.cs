using System.Collections.Frozen;

namespace OpenTofuOci.Core.Errors;

/// <summary>
/// The one exception type Core throws for expected failures. It carries a stable
/// <see cref="ErrorId"/> (and the same outcome as <see cref="Code"/>, for callers to branch on),
/// a <see cref="Kind"/> for front ends to map, the <see cref="Target"/>
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
        Code = CodeOf(errorId);
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

    private static readonly FrozenDictionary<string, ErrorCode> Codes =
        Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.Other).ToFrozenDictionary(c => c.ToString(), StringComparer.Ordinal);

    /// <summary>Stable identifier users and scripts see, one of <see cref="ErrorIds"/> or a front end's own.</summary>
    public string ErrorId { get; }

    /// <summary>
    /// The outcome as a value to branch on: the <see cref="ErrorCode"/> named like <see cref="ErrorId"/>, or
    /// <see cref="ErrorCode.Other"/> for an id that is not one of <see cref="ErrorIds"/>. Code compares this,
    /// never the id string.
    /// </summary>
    public ErrorCode Code { get; }

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

    private static ErrorCode CodeOf(string? errorId) =>
        errorId is not null && Codes.TryGetValue(errorId, out var code) ? code : ErrorCode.Other;
}
