namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// Which credential source applies to one repository and why (docs/opentofu-compatibility.md §5.6): every
/// configuration consulted, every candidate that matched, the chosen one, and any problems met.
/// </summary>
public sealed class CredentialSelection
{
    internal CredentialSelection(string registry, string repository, IReadOnlyList<string> locations,
        IReadOnlyList<CredentialCandidate> candidates, CredentialCandidate? chosen, IReadOnlyList<string> problems)
    {
        Registry = registry;
        Repository = repository;
        Locations = locations;
        Candidates = candidates;
        Chosen = chosen;
        Problems = problems;
    }

    /// <summary>host[:port].</summary>
    public string Registry { get; }

    public string Repository { get; }

    /// <summary>Every configuration consulted, in priority order.</summary>
    public IReadOnlyList<string> Locations { get; }

    /// <summary>Every source that matched, in the order they were considered.</summary>
    public IReadOnlyList<CredentialCandidate> Candidates { get; }

    /// <summary>The winning source, or null for anonymous access.</summary>
    public CredentialCandidate? Chosen { get; }

    /// <summary>Malformed entries met for this repository, each as <c>from &lt;location&gt;: &lt;problem&gt;</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>What is used, in words: the chosen source, or why access is anonymous.</summary>
    public string Summary => Chosen?.Description ?? $"anonymous (no credentials found for {Registry}/{Repository})";
}
