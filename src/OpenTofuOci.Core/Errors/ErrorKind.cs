namespace OpenTofuOci.Core.Errors;

/// <summary>
/// The broad class of a failure. Front ends map it to their own vocabulary
/// (PowerShell <c>ErrorCategory</c>, CLI exit codes) without knowing every error id.
/// </summary>
public enum ErrorKind
{
    /// <summary>A registry, repository, tag, manifest or blob does not exist (HTTP 404).</summary>
    NotFound,
    /// <summary>Credentials are missing or were rejected (HTTP 401).</summary>
    Authentication,
    /// <summary>Credentials were accepted but lack the permission (HTTP 403).</summary>
    PermissionDenied,
    /// <summary>Content does not match what its descriptor promised, or is malformed.</summary>
    InvalidData,
    /// <summary>The network failed or the registry answered with a server error.</summary>
    Connection,
    /// <summary>An address, reference or option given by the caller is invalid.</summary>
    InvalidArgument,
    /// <summary>The request is valid but the target refuses it (e.g. deletion disabled).</summary>
    InvalidOperation,
    /// <summary>Something already exists and would be overwritten.</summary>
    ResourceExists,
    /// <summary>The operation was cancelled by the caller.</summary>
    OperationStopped,
}
