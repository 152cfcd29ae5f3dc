namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// Where something starts in a source file: 1-based line and column (columns count UTF-16 characters).
/// Formats as <c>file:line:col</c>, the position text OpenTofu puts into its CLI configuration errors
/// (docs/opentofu-compatibility.md §5.2, §6).
/// </summary>
public readonly record struct HclPosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
