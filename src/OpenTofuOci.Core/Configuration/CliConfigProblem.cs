using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// One error in the CLI configuration, shaped like OpenTofu's diagnostics: a short summary and a
/// detail that names the position (docs/opentofu-compatibility.md §5.2, §6).
/// </summary>
/// <param name="File">The file it is in, or null for a problem of the merged result.</param>
/// <param name="Position">Where it is, when known.</param>
public sealed record CliConfigProblem(string? File, HclPosition? Position, string Summary, string Detail)
{
    public override string ToString() => $"{Summary}: {Detail}";
}
