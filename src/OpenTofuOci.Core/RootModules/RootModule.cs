using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// What a root module directory asks for, as <c>tofu init</c> would gather it: every provider requirement of
/// the root module and of the child modules it calls from local directories, every <c>module</c> call, and the
/// dependency lock file next to the root (docs/opentofu-compatibility.md §11).
/// </summary>
/// <param name="Directory">The root module directory, absolute.</param>
/// <param name="Providers">One entry per provider address, constraints of all modules merged, in address order.</param>
/// <param name="ModuleCalls">Every <c>module</c> block, root first, then child modules depth-first in file order.</param>
/// <param name="LockFile">The parsed <c>.terraform.lock.hcl</c>, or null when the root has none.</param>
/// <param name="LockFilePath">The lock file's absolute path (whether or not it exists).</param>
public sealed record RootModule(
    string Directory,
    IReadOnlyList<ProviderRequirement> Providers,
    IReadOnlyList<ModuleCall> ModuleCalls,
    DependencyLockFile? LockFile,
    string LockFilePath)
{
    /// <summary>
    /// The lowercase hex SHA-256 of every configuration file read, by absolute path, so
    /// <see cref="ModuleSourceRewriter"/> can tell that a file changed since (docs/opentofu-compatibility.md §11).
    /// </summary>
    public IReadOnlyDictionary<string, string> FileDigests { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
