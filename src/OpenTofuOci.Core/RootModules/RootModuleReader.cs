namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Reads a root module directory: <c>*.tf</c>, <c>*.tofu</c>, <c>*.tf.json</c>, <c>*.tofu.json</c> (a <c>.tofu</c>
/// file hides the <c>.tf</c> of the same name), the local child modules it calls, and <c>.terraform.lock.hcl</c>
/// (docs/opentofu-compatibility.md §11).
/// </summary>
public static class RootModuleReader
{
    /// <summary>Reads <paramref name="directory"/>; throws <c>InvalidConfiguration</c> naming the file and line on anything unreadable.</summary>
    public static Task<RootModule> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException("contract stub: built in issue 13");
    }
}
