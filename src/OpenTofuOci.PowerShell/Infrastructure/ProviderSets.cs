namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>Parameter set names shared by the provider cmdlets.</summary>
internal static class ProviderSets
{
    /// <summary>Neither -Repository nor -RepositoryTemplate: the OpenTofu CLI configuration's oci_mirror blocks.</summary>
    public const string Configuration = "Configuration";

    /// <summary>-Repository: one explicit repository or layout.</summary>
    public const string Repository = "Repository";

    /// <summary>-RepositoryTemplate: a template mapped with each address.</summary>
    public const string Template = "RepositoryTemplate";

    /// <summary>-InputObject: versions piped from Get-TofuProviderVersion, each read from its own repository, the way it was listed.</summary>
    public const string InputObject = "InputObject";
}
