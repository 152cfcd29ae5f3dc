namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>The kinds of credential source a configuration can name.</summary>
public enum CredentialSourceKind
{
    /// <summary>A user name and password (an <c>oci_credentials</c> block, or an <c>auths</c> entry).</summary>
    UsernamePassword,
    /// <summary>An access token and refresh token (an <c>oci_credentials</c> block).</summary>
    OAuthTokens,
    /// <summary>An identity token from an <c>auths</c> entry, used as a refresh token.</summary>
    IdentityToken,
    /// <summary>A <c>docker-credential-&lt;name&gt;</c> helper.</summary>
    CredentialHelper,
}

/// <summary>
/// One source a configuration offers for a repository, with how specifically it matched
/// (docs/opentofu-compatibility.md §5.4, §5.6). Describes where the secret is, never the secret.
/// </summary>
public sealed class CredentialCandidate
{
    private readonly Func<CancellationToken, Task<RegistryCredential?>> _fetch;

    internal CredentialCandidate(string location, string key, CredentialSourceKind kind, CredentialSpecificity specificity,
        string? helperName, string description, Func<CancellationToken, Task<RegistryCredential?>> fetch)
    {
        Location = location;
        Key = key;
        Kind = kind;
        Specificity = specificity;
        HelperName = helperName;
        Description = description;
        _fetch = fetch;
    }

    /// <summary>The configuration it comes from: a file path, <c>explicit oci_credentials "…" block</c> or <c>oci_default_credentials block</c>.</summary>
    public string Location { get; }

    /// <summary>What matched inside it, e.g. <c>auths["example.com"]</c>, <c>credHelpers["example.com"]</c>, <c>credsStore</c>, the block label.</summary>
    public string Key { get; }

    public CredentialSourceKind Kind { get; }

    public CredentialSpecificity Specificity { get; }

    /// <summary>The helper suffix for <see cref="CredentialSourceKind.CredentialHelper"/>, else null.</summary>
    public string? HelperName { get; }

    /// <summary>A one-line, secret-free description used in messages and as the credential's source.</summary>
    public string Description { get; }

    /// <summary>Gets the credential (running the helper, if this is one); null when the source has none.</summary>
    public Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken) => _fetch(cancellationToken);

    public override string ToString() => $"{Description} [{Specificity}]";
}
