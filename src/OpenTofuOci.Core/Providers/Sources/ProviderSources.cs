namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>Opens the <see cref="IProviderReleaseSource"/> an options object describes.</summary>
public static class ProviderSources
{
    /// <summary>The source for <paramref name="options"/>; the caller disposes it.</summary>
    public static IProviderReleaseSource Open(ProviderSourceOptions options) => throw new NotImplementedException(options.ToString());
}
