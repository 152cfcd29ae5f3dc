namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>Base URLs and file names of provider sources (docs/opentofu-compatibility.md §9.1, §9.2).</summary>
internal static class SourceUrls
{
    /// <summary>
    /// <paramref name="text"/> as a base URL ending in <c>/</c>, so relative references resolve below it
    /// rather than replacing its last segment; the fragment is dropped.
    /// </summary>
    public static Uri Base(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new Errors.TofuOciException(Errors.ErrorIds.InvalidArgument, Errors.ErrorKind.InvalidArgument,
                $"\"{Errors.UntrustedText.Escape(text)}\" is not an http or https URL; give the source's address, such as https://registry.example.com.", text);
        }

        var builder = new UriBuilder(uri) { Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>The last path segment of <paramref name="uri"/>, unescaped.</summary>
    public static string FileName(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..]);

    /// <summary>A file name a source gives: one plain name, no path, no control characters.</summary>
    public static string CheckFileName(Uri where, string name, string field)
    {
        if (name is "." or ".." || name.IndexOfAny(['/', '\\', ':']) >= 0 || Errors.UntrustedText.NeedsEscaping(name))
        {
            throw SourceErrors.Field(where, field, $"is \"{Errors.UntrustedText.Escape(name)}\", which is not a plain file name");
        }

        return name;
    }

    /// <summary>OpenTofu's name of a provider package: <c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>.</summary>
    public static string PackageFileName(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform) =>
        $"terraform-provider-{provider.Type}_{version}_{platform}.zip";
}

/// <summary>Platforms in the order sources report them: by OS, then architecture (ordinal).</summary>
internal static class SourcePlatforms
{
    public static List<ProviderPlatform> Sort(IEnumerable<ProviderPlatform> platforms) =>
        [.. platforms.OrderBy(p => p.OS, StringComparer.Ordinal).ThenBy(p => p.Arch, StringComparer.Ordinal)];
}
