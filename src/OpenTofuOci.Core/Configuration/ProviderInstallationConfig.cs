using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>A <c>provider_installation</c> block: its methods in the order written (docs/opentofu-compatibility.md §6).</summary>
public sealed record ProviderInstallationConfig(IReadOnlyList<ProviderInstallationMethod> Methods, HclPosition Position);

/// <summary>One method block inside <c>provider_installation</c>.</summary>
/// <param name="Name">The block type: <c>oci_mirror</c>, <c>direct</c>, <c>filesystem_mirror</c>, <c>network_mirror</c> or <c>dev_overrides</c>.</param>
public abstract record ProviderInstallationMethod(string Name, HclPosition Position);

/// <summary>
/// <c>oci_mirror { repository_template = "…" include = […] exclude = […] }</c>
/// (docs/opentofu-compatibility.md §6). The template and patterns are kept as written; checking the
/// template's symbols and the patterns' syntax belongs to the provider installation code.
/// </summary>
/// <param name="RepositoryTemplate">The HCL2 template text, e.g. <c>example.com/${namespace}/${type}</c>.</param>
public sealed record OciMirrorMethod(
    string RepositoryTemplate,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    HclPosition Position) : ProviderInstallationMethod(MethodName, Position)
{
    public const string MethodName = "oci_mirror";
}

/// <summary>A method OpenTofu knows but this module does not use (<c>direct</c>, mirrors, <c>dev_overrides</c>).</summary>
public sealed record UnhandledInstallationMethod(string Name, HclPosition Position) : ProviderInstallationMethod(Name, Position);
