namespace OpenTofuOci.Core.Access;

/// <summary>How a command's repositories are chosen.</summary>
public enum RepositoryChoice
{
    /// <summary>The command names them (a repository, a copy's source and destination, a registry).</summary>
    Named,

    /// <summary>A repository template maps each provider address to its repository.</summary>
    Template,

    /// <summary>The <c>oci_mirror</c> blocks of OpenTofu's CLI configuration map each provider address to its repository.</summary>
    CliConfiguration,
}
