namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// Something about the credential configuration the user should know although nothing failed, e.g. a
/// malformed entry OpenTofu silently ignores. Front ends send warnings to the warning stream (stderr)
/// and the rest to the verbose stream.
/// </summary>
/// <param name="IsWarning">True for a warning, false for verbose detail.</param>
/// <param name="Message">The text; never contains a secret.</param>
public sealed record CredentialNotice(bool IsWarning, string Message)
{
    public override string ToString() => Message;
}
