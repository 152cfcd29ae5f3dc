using System.Text;
using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// What a consumer of an imported bundle needs (docs/opentofu-compatibility.md §13 "What import writes"): the CLI
/// configuration block that sends the bundled providers to the internal registry, and their lock-file entries.
/// </summary>
public static class BundleOutputs
{
    /// <summary>
    /// The <c>provider_installation</c> block: one <c>oci_mirror</c> with the template and an <c>include</c> of the
    /// bundled provider addresses, and a <c>direct</c> block that excludes them, so those providers come only from the
    /// mirror and every other provider is installed as before (docs/opentofu-compatibility.md §6).
    /// </summary>
    public static string Tofurc(BundleImportPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var list = "[" + string.Join(", ", plan.ProviderAddresses.Select(Quote)) + "]";
        var text = new StringBuilder();
        text.Append("provider_installation {\n");
        text.Append("  oci_mirror {\n");
        text.Append("    repository_template = ").Append(Quote(plan.Template.Text)).Append('\n');
        text.Append("    include             = ").Append(list).Append('\n');
        text.Append("  }\n");
        text.Append("  direct {\n");
        text.Append("    exclude = ").Append(list).Append('\n');
        text.Append("  }\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// One lock entry per bundled provider version with the <c>h1:</c> and <c>zh:</c> hash of every bundled platform,
    /// what <c>tofu init</c> records when it installs from the mirror (docs/opentofu-compatibility.md §2.4).
    /// Two versions of one provider cannot both be locked; the newest wins.
    /// </summary>
    public static DependencyLockFile LockFile(BundleContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var locks = contents.Providers
            .GroupBy(p => p.Address, StringComparer.Ordinal)
            .Select(g => g.OrderBy(p => Providers.ProviderVersion.TryParse(p.Version, out var v) ? v : null).Last())
            .Select(p => new LockedProvider(p.Address, p.Version, null, p.Platforms.SelectMany(x => new[] { x.H1, x.Zh })));
        return DependencyLockFile.Create(locks);
    }

    // HCL1 and HCL2 read the same double-quoted string: backslash and quote escaped. "${" stays: the template is HCL2 template text.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
