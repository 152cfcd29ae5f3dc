using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Auditing;

/// <summary>Checks that an <c>oci://</c> module source names a module package OpenTofu accepts (docs/opentofu-compatibility.md §12).</summary>
public static class ModulePackageAuditor
{
    /// <summary>The findings for <paramref name="address"/>, read through <paramref name="target"/> (its repository).</summary>
    public static Task<IReadOnlyList<AuditFinding>> AuditAsync(IReadOnlyTarget target, ModuleAddress address, bool deep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException("contract stub: built in issue 13");
    }
}
