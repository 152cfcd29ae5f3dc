using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Turns Core failures into PowerShell error records. Kept free of any live cmdlet so tests can
/// check the mapping without a PowerShell host.
/// </summary>
internal static class ErrorMapping
{
    public static ErrorCategory CategoryFor(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.Authentication => ErrorCategory.AuthenticationError,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.Connection => ErrorCategory.ConnectionError,
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        // A kind added to Core later must still surface as an error, never be swallowed.
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The parts of the record, as plain values, for tests and for <see cref="ToErrorRecord(TofuOciException, object?)"/>.</summary>
    /// <param name="exception">The Core failure.</param>
    /// <param name="item">
    /// The input item being processed when it failed, as the user named it (an address, a path, a
    /// piped object's address). It is the record's target, as for PowerShell's own cmdlets, so a
    /// script can tell which of its inputs failed; the narrower object Core names (a registry, a
    /// layer digest, a file in a release) stays in the message. Without an item, Core's target.
    /// Never the cmdlet.
    /// </param>
    public static ErrorRecordContent Describe(TofuOciException exception, object? item = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ErrorRecordContent(exception.ErrorId, CategoryFor(exception.Kind), item ?? exception.Target, exception.Message);
    }

    public static ErrorRecord ToErrorRecord(TofuOciException exception, object? item = null)
    {
        var content = Describe(exception, item);
        return Shown(new ErrorRecord(exception, content.ErrorId, content.Category, content.TargetObject), content.Message);
    }

    /// <summary>
    /// One provider of an install or lock that failed while the others went on: the error's id and
    /// category, and the provider address (<c>hostname/namespace/type</c>) as target object, so a
    /// script can tell which provider each error is about.
    /// </summary>
    /// <param name="failure">One provider of several that failed.</param>
    /// <param name="item">That provider as the user named it (its -Source text, or the piped object); null for its full address.</param>
    public static ErrorRecordContent Describe(ProviderFailure failure, object? item = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new ErrorRecordContent(failure.Error.ErrorId, CategoryFor(failure.Error.Kind), item ?? failure.Address.ToString(), failure.Error.Message);
    }

    public static ErrorRecord ToErrorRecord(ProviderFailure failure, object? item = null)
    {
        var content = Describe(failure, item);
        return Shown(new ErrorRecord(failure.Error, content.ErrorId, content.Category, content.TargetObject), content.Message);
    }

    /// <summary>
    /// The host shows <see cref="ErrorRecord.ErrorDetails"/> instead of the exception's message; it is
    /// set only when the message holds a control character, which it shows escaped (the last guard
    /// after escaping where outside text is put into messages).
    /// </summary>
    private static ErrorRecord Shown(ErrorRecord record, string message)
    {
        var escaped = UntrustedText.EscapeMessage(message);
        if (!ReferenceEquals(escaped, message))
        {
            record.ErrorDetails = new ErrorDetails(escaped);
        }

        return record;
    }
}

/// <summary>The values an <see cref="ErrorRecord"/> is built from.</summary>
internal sealed record ErrorRecordContent(string ErrorId, ErrorCategory Category, object? TargetObject, string Message);
