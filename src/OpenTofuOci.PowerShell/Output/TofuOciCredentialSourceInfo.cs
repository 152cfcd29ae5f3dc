namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// Which credential source applies to a repository and why, as <c>Get-TofuOciCredentialSource</c> writes
/// it (docs/opentofu-compatibility.md §5.6). Never holds a secret.
/// </summary>
public sealed class TofuOciCredentialSourceInfo
{
    internal TofuOciCredentialSourceInfo(string repository, string registry, string source, string? kind, string? location, string? key,
        string? specificity, string? helper, string[] candidates, string[] searched, string[] problems)
    {
        Repository = repository;
        Registry = registry;
        Source = source;
        Kind = kind;
        Location = location;
        Key = key;
        Specificity = specificity;
        Helper = helper;
        Candidates = candidates;
        Searched = searched;
        Problems = problems;
    }

    /// <summary><c>host[:port]/repository</c>.</summary>
    public string Repository { get; }

    /// <summary><c>host[:port]</c>.</summary>
    public string Registry { get; }

    /// <summary>The source used, in words, or why access is anonymous.</summary>
    public string Source { get; }

    /// <summary>UsernamePassword, OAuthTokens, IdentityToken or CredentialHelper; null when anonymous.</summary>
    public string? Kind { get; }

    /// <summary>The file path or CLI configuration block the source is in; null when anonymous.</summary>
    public string? Location { get; }

    /// <summary>What matched: the block label, <c>auths["…"]</c>, <c>credHelpers["…"]</c> or <c>credsStore</c>.</summary>
    public string? Key { get; }

    /// <summary>How specifically it matched: global, domain, or repository (n path segments).</summary>
    public string? Specificity { get; }

    /// <summary>The credential helper's name (after <c>docker-credential-</c>), when one is used.</summary>
    public string? Helper { get; }

    /// <summary>Every source that matched, most important first as considered, each with its specificity.</summary>
    public string[] Candidates { get; }

    /// <summary>Every configuration consulted, in priority order.</summary>
    public string[] Searched { get; }

    /// <summary>Malformed entries met for this repository.</summary>
    public string[] Problems { get; }

    public override string ToString() => $"{Repository}: {Source}";
}
