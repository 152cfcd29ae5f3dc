using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Reads a root module directory: <c>*.tf</c>, <c>*.tofu</c>, <c>*.tf.json</c>, <c>*.tofu.json</c> (a <c>.tofu</c>
/// file hides the <c>.tf</c> of the same name), the local child modules it calls, and <c>.terraform.lock.hcl</c>
/// (docs/opentofu-compatibility.md §11).
/// </summary>
public static class RootModuleReader
{
    /// <summary>The lock file OpenTofu keeps next to the root module.</summary>
    public const string LockFileName = ".terraform.lock.hcl";

    /// <summary>Reads <paramref name="directory"/>; throws <c>InvalidConfiguration</c> naming the file and line on anything unreadable.</summary>
    public static async Task<RootModule> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        cancellationToken.ThrowIfCancellationRequested();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(root))
        {
            throw ConfigurationErrors.Invalid(root, root, "the root module directory does not exist",
                "give the directory that holds the configuration's .tf or .tofu files");
        }

        var walk = new ModuleWalk(cancellationToken);
        await walk.ReadAsync(root, string.Empty, [(root, ModuleWalk.RealPath(root))]).ConfigureAwait(false);
        if (walk.RootFileCount == 0)
        {
            throw ConfigurationErrors.Invalid(root, root, "the directory holds no configuration files (*.tf, *.tofu, *.tf.json, *.tofu.json)",
                "give the root module directory of the configuration");
        }

        var lockPath = Path.Combine(root, LockFileName);
        var lockFile = File.Exists(lockPath) ? await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false) : null;
        var providers = walk.Providers.Values
            .OrderBy(p => p.Address.ToString(), ProviderAddressOrder.Instance)
            .Select(p => new ProviderRequirement(
                p.Address,
                p.Constraints.Count == 0 ? VersionConstraint.Any : VersionConstraint.Parse(string.Join(", ", p.Constraints)),
                lockFile?.Find(p.Address.ToString())?.Version,
                p.DeclaredAt))
            .ToList();
        return new RootModule(root, providers, walk.Calls, lockFile, lockPath) { FileDigests = walk.FileDigests };
    }
}
