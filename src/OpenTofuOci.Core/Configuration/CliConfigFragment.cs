namespace OpenTofuOci.Core.Configuration;

/// <summary>What one file contributes before the files are merged and validated together.</summary>
internal sealed class CliConfigFragment
{
    public string? PluginCacheDir { get; set; }

    public List<ProviderInstallationConfig> ProviderInstallations { get; } = [];

    public List<OciCredentialsConfig> OciCredentials { get; } = [];

    public List<OciDefaultCredentialsConfig> OciDefaultCredentials { get; } = [];

    public List<HostCredentialsConfig> HostCredentials { get; } = [];

    public List<CliConfigWarning> Warnings { get; } = [];

    public List<CliConfigProblem> Problems { get; } = [];
}
