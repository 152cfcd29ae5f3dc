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

    /// <summary>
    /// The parts of the record, as plain values. The SDK's <see cref="ErrorRecord"/> is a
    /// do-nothing stub outside a real PowerShell, so this is what tests assert on.
    /// </summary>
    public static ErrorRecordContent Describe(TofuOciException exception, object? fallbackTarget = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // The record's target is what the user named (reference or path), never the cmdlet.
        return new ErrorRecordContent(exception.ErrorId, CategoryFor(exception.Kind), exception.Target ?? fallbackTarget, exception.Message);
    }

    public static ErrorRecord ToErrorRecord(TofuOciException exception, object? fallbackTarget = null)
    {
        var content = Describe(exception, fallbackTarget);
        return new ErrorRecord(exception, content.ErrorId, content.Category, content.TargetObject);
    }

    /// <summary>
    /// One provider of an install or lock that failed while the others went on: the error's id and
    /// category, and the provider address (<c>hostname/namespace/type</c>) as target object, so a
    /// script can tell which provider each error is about.
    /// </summary>
    public static ErrorRecordContent Describe(ProviderFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new ErrorRecordContent(failure.Error.ErrorId, CategoryFor(failure.Error.Kind), failure.Address.ToString(), failure.Error.Message);
    }

    public static ErrorRecord ToErrorRecord(ProviderFailure failure)
    {
        var content = Describe(failure);
        return new ErrorRecord(failure.Error, content.ErrorId, content.Category, content.TargetObject);
    }
}

/// <summary>The values an <see cref="ErrorRecord"/> is built from.</summary>
internal sealed record ErrorRecordContent(string ErrorId, ErrorCategory Category, object? TargetObject, string Message);
