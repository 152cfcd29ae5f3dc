using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>One error or warning about a lock file, with OpenTofu's summary and detail.</summary>
public sealed record LockFileDiagnostic(HclPosition Position, string Summary, string Detail)
{
    public override string ToString() => $"{Position}: {Summary}: {Detail}";
}
