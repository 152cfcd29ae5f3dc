namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>Opens the <see cref="IProviderReleaseSource"/> an options object describes (docs/opentofu-compatibility.md §9.1–§9.3).</summary>
public static class ProviderSources
{
    /// <summary>
    /// The source for <paramref name="options"/>; the caller disposes it. Nothing is read yet; a plain http
    /// location without <see cref="ProviderSourceOptions.AllowInsecureHttp"/> is refused here
    /// (<see cref="Errors.ErrorIds.InsecureSource"/>).
    /// </summary>
    public static IProviderReleaseSource Open(ProviderSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            ProviderSourceKind.Registry => new RegistrySource(options),
            ProviderSourceKind.NetworkMirror => new NetworkMirrorSource(options),
            ProviderSourceKind.Directory => new DirectorySource(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown provider source kind."),
        };
    }
}
