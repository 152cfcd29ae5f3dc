namespace OpenTofuOci.Core.RootModules;

/// <summary>One <c>source</c> to change: in <paramref name="Location"/>, <paramref name="OldSource"/> becomes <paramref name="NewSource"/>.</summary>
public sealed record ModuleSourceRewrite(string ModulePath, string Name, ConfigLocation Location, string OldSource, string NewSource);
