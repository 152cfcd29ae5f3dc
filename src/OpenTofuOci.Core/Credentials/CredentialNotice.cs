namespace OpenTofuOci.Core.Credentials;

/// <summary>
/// Something about the credential configuration the user should know although nothing failed, e.g. a
/// malformed entry OpenTofu silently ignores. Front ends send warnings to the warning stream (stderr)
/// and the rest to the verbose stream.
/// </summary>
/// <param name="IsWarning">True for a warning, false for verbose detail.</param>
/// <param name="Message">The text; never contains a secret.</param>
public sealed record CredentialNotice(bool IsWarning, string Message)
{
    /// <summary>
    /// True when the notice says this tool finds credentials where OpenTofu would not (<c>DOCKER_CONFIG</c>):
    /// commands that explain credentials show it as a warning even when <see cref="IsWarning"/> is false.
    /// </summary>
    public bool DiffersFromOpenTofu { get; init; }

    public override string ToString() => Message;
}
