using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// A <c>.terraform.lock.hcl</c> file breaks OpenTofu's rules; <see cref="Problems"/> lists every error,
/// one line each in the message. Fix or delete the file and run the install again to recreate it.
/// </summary>
public sealed class LockFileException : TofuOciException
{
    public LockFileException(string path, IReadOnlyList<LockFileDiagnostic> problems, Exception? innerException = null)
        : base(ErrorIds.InvalidLockFile, ErrorKind.InvalidData, Format(problems), path, innerException)
    {
        Problems = problems;
    }

    public LockFileException() : this("<unknown>", []) { }

    public LockFileException(string message) : base(ErrorIds.InvalidLockFile, ErrorKind.InvalidData, message) => Problems = [];

    public LockFileException(string message, Exception innerException)
        : base(ErrorIds.InvalidLockFile, ErrorKind.InvalidData, message, null, innerException) => Problems = [];

    public IReadOnlyList<LockFileDiagnostic> Problems { get; }

    private static string Format(IReadOnlyList<LockFileDiagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return string.Join("\n", problems.Select(p => p.ToString()));
    }
}
