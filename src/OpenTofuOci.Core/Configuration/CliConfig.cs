namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// The parts of OpenTofu's merged CLI configuration this module uses
/// (docs/opentofu-compatibility.md §5.2, §6, §10).
/// </summary>
/// <param name="PluginCacheDir"><c>TF_PLUGIN_CACHE_DIR</c>, else the last file's <c>plugin_cache_dir</c> (environment variables expanded), else null.</param>
/// <param name="ProviderInstallation">The single <c>provider_installation</c> block, or null.</param>
/// <param name="OciCredentials">Every <c>oci_credentials</c> block, in merge order.</param>
/// <param name="OciDefaultCredentials">The single <c>oci_default_credentials</c> block, or null (defaults apply).</param>
/// <param name="Warnings">Things read but not acted on, such as installation methods other than <c>oci_mirror</c>.</param>
/// <param name="Files">The files that were read, in merge order.</param>
public sealed record CliConfig(
    string? PluginCacheDir,
    ProviderInstallationConfig? ProviderInstallation,
    IReadOnlyList<OciCredentialsConfig> OciCredentials,
    OciDefaultCredentialsConfig? OciDefaultCredentials,
    IReadOnlyList<CliConfigWarning> Warnings,
    IReadOnlyList<string> Files)
{
    /// <summary>
    /// The <c>credentials "HOST"</c> blocks, one per host; a later file's block replaces an earlier one's, as
    /// OpenTofu merges them (docs/opentofu-compatibility.md §9.4).
    /// </summary>
    public IReadOnlyList<HostCredentialsConfig> HostCredentials { get; init; } = [];
}

/// <summary>Something in the configuration this module reads but does not act on.</summary>
public sealed record CliConfigWarning(Hcl.HclPosition Position, string Message)
{
    public override string ToString() => Position.Line == 0 ? Message : $"{Position}: {Message}";
}
