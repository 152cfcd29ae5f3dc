using System.Net.Sockets;

namespace OpenTofuOci.Core.Errors;

/// <summary>
/// Turns the file system's own exceptions, which Core lets through where a path given by the user
/// cannot be read or written, into a typed error with an id and what to do, so no front end shows a
/// bare .NET exception. A network failure surfacing as an <see cref="IOException"/> is a
/// <see cref="ErrorIds.ConnectionFailed"/> instead.
/// </summary>
public static class FileSystemErrors
{
    /// <summary>True for the exceptions <see cref="Translate"/> knows.</summary>
    public static bool Handles(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>The typed error for an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static TofuOciException Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is IOException { InnerException: SocketException })
        {
            return new TofuOciException(ErrorIds.ConnectionFailed, ErrorKind.Connection,
                $"The connection failed: {exception.Message} Retry; if it keeps failing, check the network path to the registry.", null, exception);
        }

        var path = exception is FileNotFoundException { FileName: { } file } ? file : null;
        return new TofuOciException(ErrorIds.FileAccessFailed,
            exception is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.InvalidOperation,
            $"{exception.Message} Check that the path and its parent directories exist, that you may read and write there, and that the file system is not read-only or full.",
            path, exception);
    }
}
