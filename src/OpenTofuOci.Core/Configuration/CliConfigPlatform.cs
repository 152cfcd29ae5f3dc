namespace OpenTofuOci.Core.Configuration;

/// <summary>Which of OpenTofu's two sets of CLI configuration locations applies (docs/opentofu-compatibility.md §10).</summary>
public enum CliConfigPlatform
{
    /// <summary>Linux, macOS and every other non-Windows OS.</summary>
    Unix,
    /// <summary>Windows.</summary>
    Windows,
}
