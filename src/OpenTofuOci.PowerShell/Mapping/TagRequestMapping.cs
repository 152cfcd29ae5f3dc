using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// Maps <c>Get-TofuOciTag</c>'s parameters to a <see cref="TagListRequest"/>. Takes plain values (not
/// <c>PSCredential</c>, not <c>SessionState</c>) so tests can call it without a PowerShell host.
/// </summary>
internal static class TagRequestMapping
{
    public const string CredentialSourceName = "-Credential";

    /// <param name="repository">The -Repository text.</param>
    /// <param name="userName">-Credential's user name, or null when -Credential was not given.</param>
    /// <param name="password">-Credential's password (or token).</param>
    /// <param name="plainHttp">-PlainHttp.</param>
    /// <param name="names">-Name patterns.</param>
    /// <param name="versionOnly">-VersionOnly.</param>
    /// <param name="resolveLayoutPath">Makes a layout directory absolute the way PowerShell would
    /// (current location, <c>~</c>, drives); the process directory is never used.</param>
    /// <param name="discovered">The credentials tofu would find, used unless -Credential is given; null for anonymous.</param>
    public static TagListRequest Create(string repository, string? userName, string? password, bool plainHttp,
        IReadOnlyList<string>? names, bool versionOnly, Func<string, string> resolveLayoutPath, ICredentialProvider? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(resolveLayoutPath);
        var address = TargetAddress.Parse(repository);
        if (address.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"\"{repository}\" names {(address.Digest is null ? $"the tag \"{address.Tag}\"" : $"the digest {address.Digest}")}; " +
                $"Get-TofuOciTag lists the tags of a repository: give it without the tag or digest ({address.RepositoryText}), and use -Name to pick tags.",
                repository);
        }

        var filter = TagNameFilter.Create(names);
        if (address.IsLayout)
        {
            var ignored = IgnoredForLayout(userName, plainHttp);
            return new TagListRequest
            {
                Address = AbsoluteLayoutAddress(repository, resolveLayoutPath(address.LayoutDirectory!)),
                PlainHttpRegistries = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
                Credentials = AnonymousCredentialProvider.Instance,
                CredentialSource = "none (a layout directory needs none)",
                Filter = filter,
                VersionOnly = versionOnly,
                IgnoredParameters = ignored,
            };
        }

        var registry = address.Remote!.Registry;
        var credential = userName is null ? null : RegistryCredential.Basic(userName, password ?? string.Empty, CredentialSourceName);
        return new TagListRequest
        {
            Address = address,
            PlainHttpRegistries = plainHttp
                ? new HashSet<string>([registry], StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            Credentials = credential is null ? discovered ?? AnonymousCredentialProvider.Instance : new ExplicitCredentialProvider(registry, credential, discovered ?? AnonymousCredentialProvider.Instance),
            ExplicitCredential = credential,
            CredentialSource = credential?.ToString() ?? CredentialDiscovery.Describe(discovered, registry, address.Remote.Repository),
            Filter = filter,
            VersionOnly = versionOnly,
            IgnoredParameters = [],
        };
    }

    /// <summary>The registry parameters given that a layout directory does not use, to warn about.</summary>
    internal static List<string> IgnoredForLayout(string? userName, bool plainHttp)
    {
        var ignored = new List<string>();
        if (userName is not null)
        {
            ignored.Add("-Credential");
        }

        if (plainHttp)
        {
            ignored.Add("-PlainHttp");
        }

        return ignored;
    }

    // Output objects carry the absolute directory so they still name the same layout when piped
    // into a command run from another location.
    internal static TargetAddress AbsoluteLayoutAddress(string original, string absoluteDirectory)
    {
        var address = TargetAddress.Parse(TargetAddress.LayoutPrefix + absoluteDirectory);
        if (address.LayoutDirectory != absoluteDirectory || address.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"The layout directory of \"{original}\" resolves to \"{absoluteDirectory}\", which cannot be written as an oci-layout: address because of the ':' in it; move or link the layout to a path without ':'.",
                original);
        }

        return address;
    }
}
