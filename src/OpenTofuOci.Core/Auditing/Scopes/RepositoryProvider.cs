using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// Which provider a repository holds when the user names none (docs/opentofu-compatibility.md §12.1): its path's last
/// two segments are namespace and type, as every <c>oci_mirror</c> template ends (<c>…/${namespace}/${type}</c>); the
/// segment before them is the hostname when it looks like one (has a dot, as <c>…/${hostname}/${namespace}/${type}</c>
/// writes it), else the hostname is OpenTofu's default, <c>registry.opentofu.org</c>.
/// </summary>
public static class RepositoryProvider
{
    /// <summary>The provider <paramref name="location"/>'s path names; throws <see cref="ErrorIds.InvalidProviderAddress"/> when it names none.</summary>
    public static ProviderAddress Infer(RepositoryLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var path = location.IsLayout ? location.LayoutDirectory! : location.Repository ?? string.Empty;
        return Infer(path, location.RepositoryText);
    }

    /// <summary>The provider the repository path <paramref name="path"/> (<c>a/b/ns/type</c>, or a directory) names; <paramref name="display"/> names it in errors.</summary>
    public static ProviderAddress Infer(string path, string display)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(display);
        var segments = path.Split('/', '\\').Where(s => s.Length > 0).ToArray();
        if (segments.Length < 2)
        {
            throw Unknown(display, "its path has fewer than two segments, so it names no namespace and type");
        }

        var host = segments.Length >= 3 && segments[^3].Contains('.', StringComparison.Ordinal) ? segments[^3] : ProviderAddress.DefaultHostname;
        var text = $"{host}/{segments[^2]}/{segments[^1]}";
        return ProviderAddress.TryParse(text, out var address, out var problem)
            ? address!
            : throw Unknown(display, $"its path reads as {text}, which is not a provider address ({problem})");
    }

    private static TofuOciException Unknown(string display, string why) =>
        new(ErrorIds.InvalidProviderAddress, ErrorKind.InvalidArgument,
            $"Cannot tell which provider {display} holds: {why}. Name the provider it holds ([hostname/]namespace/type) when auditing it.",
            display);
}
