using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Checks a tag piped to <c>Publish-TofuProvider</c> before it is copied: a version, and not onto itself.</summary>
internal static class ProviderCopyMapping
{
    /// <param name="repository">The piped object's Repository.</param>
    /// <param name="tag">Its Tag.</param>
    /// <param name="version">Its Version (null when the tag is not a version).</param>
    public static void CheckVersion(string repository, string tag, string? version)
    {
        if (version is null || !ProviderVersion.TryParseTag(tag, out _))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"The tag \"{tag}\" of {repository} is not a provider version, so it is not copied; pipe only versions (Get-TofuOciTag -VersionOnly).",
                $"{repository}:{tag}");
        }
    }

    /// <param name="source">Where the piped version is read from.</param>
    /// <param name="destination">-Repository.</param>
    /// <param name="tag">The piped object's Tag.</param>
    public static void CheckNotOntoItself(RepositoryLocation source, RepositoryLocation destination, string tag)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.RepositoryText == destination.RepositoryText)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"{source.Text}:{tag} would be copied onto itself; give another -Repository to copy into.", $"{source.Text}:{tag}");
        }
    }
}
