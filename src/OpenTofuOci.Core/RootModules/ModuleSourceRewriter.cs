namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Changes <c>module</c> sources in place, touching nothing but the string literal of each <c>source</c>
/// (HCL and JSON syntax alike), and refusing when a file changed since it was read.
/// </summary>
public static class ModuleSourceRewriter
{
    /// <summary>
    /// The rewrites that map every call whose source is a key of <paramref name="newSourceByOldSource"/>
    /// (compared as written) to its value, in <see cref="RootModule.ModuleCalls"/> order.
    /// </summary>
    public static IReadOnlyList<ModuleSourceRewrite> Plan(RootModule module, IReadOnlyDictionary<string, string> newSourceByOldSource)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(newSourceByOldSource);
        throw new NotImplementedException("contract stub: built in issue 13");
    }

    /// <summary>Writes <paramref name="rewrites"/>, each file atomically.</summary>
    public static Task ApplyAsync(IReadOnlyList<ModuleSourceRewrite> rewrites, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewrites);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException("contract stub: built in issue 13");
    }
}
