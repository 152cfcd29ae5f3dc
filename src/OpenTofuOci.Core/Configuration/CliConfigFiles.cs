namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// The CLI configuration files OpenTofu would read, in merge order (docs/opentofu-compatibility.md §10).
/// </summary>
/// <param name="MainFile">The main file, or null when none exists.</param>
/// <param name="MainFileFromEnvironment">
/// True when <c>TF_CLI_CONFIG_FILE</c> or <c>TERRAFORM_CONFIG</c> named the main file: it must then exist,
/// and the configuration directory is not read.</param>
/// <param name="ConfigDirectory">The directory searched for <c>*.tfrc</c> and <c>*.tfrc.json</c>, or null.</param>
/// <param name="DirectoryFiles">Those files, ordered by name (ordinal), as Go's directory listing orders them.</param>
public sealed record CliConfigFiles(
    string? MainFile,
    bool MainFileFromEnvironment,
    string? ConfigDirectory,
    IReadOnlyList<string> DirectoryFiles)
{
    /// <summary>The main file (if any) followed by the directory's files: the order they are merged in.</summary>
    public IReadOnlyList<string> All => MainFile is null ? DirectoryFiles : [MainFile, .. DirectoryFiles];
}
