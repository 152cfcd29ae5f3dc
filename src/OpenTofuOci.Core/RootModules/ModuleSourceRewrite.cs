namespace OpenTofuOci.Core.RootModules;

/// <summary>One <c>source</c> to change: in <paramref name="Location"/>, <paramref name="OldSource"/> becomes <paramref name="NewSource"/>.</summary>
/// <param name="ModulePath">The module that holds the call (<see cref="ModuleCall.ModulePath"/>).</param>
/// <param name="Name">The call's name.</param>
/// <param name="Location">The span of the <c>source</c> string literal, quotes included.</param>
/// <param name="OldSource">The source as written now.</param>
/// <param name="NewSource">The source to write.</param>
public sealed record ModuleSourceRewrite(string ModulePath, string Name, ConfigLocation Location, string OldSource, string NewSource)
{
    /// <summary>
    /// The lowercase hex SHA-256 the file had when it was read (<see cref="RootModule.FileDigests"/>), or null to
    /// check only that the literal at <see cref="Location"/> still spells <see cref="OldSource"/> (docs/opentofu-compatibility.md §11).
    /// </summary>
    public string? FileDigest { get; init; }
}
