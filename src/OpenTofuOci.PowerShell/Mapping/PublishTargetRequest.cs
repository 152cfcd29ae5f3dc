using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Where <c>Publish-TofuProvider</c> publishes (and, for a copy, where from), with the options to reach them.</summary>
internal sealed class PublishTargetRequest
{
    public required TargetAddress Destination { get; init; }

    /// <summary>The repository a piped version is copied from; null when publishing files.</summary>
    public TargetAddress? Source { get; init; }

    /// <summary>The tag a piped version is copied from; null when publishing files.</summary>
    public string? SourceTag { get; init; }

    public required IReadOnlySet<string> PlainHttpRegistries { get; init; }

    public required ICredentialProvider Credentials { get; init; }

    /// <summary>Where the credentials come from, for -Verbose; never the secret.</summary>
    public required string CredentialSource { get; init; }

    /// <summary>The TLS parameters, set by the cmdlet after mapping (they are shared by every registry cmdlet).</summary>
    public TransportRequest Transport { get; set; } = TransportRequest.None;

    /// <param name="log">Receives the HTTP debug lines.</param>
    /// <param name="warning">Receives warnings shown on every use (skipped certificate verification).</param>
    public TargetOptions CreateTargetOptions(Action<string>? log, Action<string>? warning = null) => new()
    {
        Transport = Transport.Settings,
        Warning = warning,
        PlainHttpRegistries = PlainHttpRegistries,
        Credentials = Credentials,
        Log = log,
    };

    /// <summary>The ShouldProcess target: the tag that will be written.</summary>
    public string DestinationText(string tag) => $"{Destination.RepositoryText}:{tag}";

    public string Describe() =>
        (Source is null ? $"Publishing to {Destination.RepositoryText}" : $"Copying {Source.RepositoryText}:{SourceTag} to {Destination.RepositoryText}") +
        (PlainHttpRegistries.Count == 0 ? string.Empty : $" (plain HTTP for {string.Join(", ", PlainHttpRegistries)})") +
        $"; credentials: {CredentialSource}.";
}

/// <summary>Maps the parameters of <c>Publish-TofuProvider</c> to a <see cref="PublishTargetRequest"/>.</summary>
internal static class PublishTargetMapping
{
    /// <param name="repository">-Repository, the destination.</param>
    /// <param name="source">For a copy, the piped tag's repository and tag; null when publishing files.</param>
    /// <param name="userName">-Credential's user name, or null.</param>
    /// <param name="password">-Credential's password (or token).</param>
    /// <param name="plainHttp">-PlainHttp: every registry named (destination and source) over plain HTTP.</param>
    /// <param name="resolveLayoutPath">Makes a layout directory absolute the way PowerShell would.</param>
    /// <param name="discovered">The credentials tofu would find, for every registry -Credential is not for; null for anonymous.</param>
    public static PublishTargetRequest Create(string repository, (string Repository, string Tag, string? Version)? source, string? userName, string? password,
        bool plainHttp, Func<string, string> resolveLayoutPath, ICredentialProvider? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(resolveLayoutPath);
        var destination = Absolute(TargetAddress.Parse(repository), repository, resolveLayoutPath);
        if (destination.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"-Repository \"{repository}\" names a tag or digest; give only the repository ({destination.RepositoryText}): the tag is the provider version.", repository);
        }

        TargetAddress? from = null;
        if (source is { } s)
        {
            if (s.Version is null || !ProviderVersion.TryParseTag(s.Tag, out _))
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"The tag \"{s.Tag}\" of {s.Repository} is not a provider version, so it is not copied; pipe only versions (Get-TofuOciTag -VersionOnly).",
                    $"{s.Repository}:{s.Tag}");
            }

            from = Absolute(TargetAddress.Parse(s.Repository), s.Repository, resolveLayoutPath);
            if (from.Selector is not null)
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"The piped repository \"{s.Repository}\" names a tag or digest; the tag comes from the Tag property.", s.Repository);
            }

            if (from.RepositoryText == destination.RepositoryText)
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"{s.Repository}:{s.Tag} would be copied onto itself; give another -Repository to copy into.", $"{s.Repository}:{s.Tag}");
            }
        }

        var registries = new[] { destination, from }.Where(a => a is { IsLayout: false }).Select(a => a!.Remote!.Registry)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        ICredentialProvider credentials = discovered ?? AnonymousCredentialProvider.Instance;
        string? explicitFor = null;
        string credentialSource;
        if (destination.IsLayout)
        {
            credentialSource = userName is null ? "none needed for the layout directory" : "none (-Credential applies to the destination registry; the destination is a layout directory)";
        }
        else if (userName is not null)
        {
            explicitFor = destination.Remote!.Registry;
            var credential = RegistryCredential.Basic(userName, password ?? string.Empty, ProviderSourceMapping.CredentialSourceName);
            credentials = new ExplicitCredentialProvider(explicitFor, credential, credentials);
            credentialSource = $"{credential} for {explicitFor}";
        }
        else
        {
            credentialSource = CredentialDiscovery.Describe(discovered, destination.Remote!.Registry, destination.Remote.Repository);
        }

        if (from is { IsLayout: false } && !string.Equals(from.Remote!.Registry, explicitFor, StringComparison.OrdinalIgnoreCase))
        {
            // The source registry is read with what tofu would use there.
            credentialSource += $"; for the source {from.RepositoryText}: {CredentialDiscovery.Describe(discovered, from.Remote.Registry, from.Remote.Repository)}";
        }

        return new PublishTargetRequest
        {
            Destination = destination,
            Source = from,
            SourceTag = source?.Tag,
            PlainHttpRegistries = plainHttp ? new HashSet<string>(registries, StringComparer.OrdinalIgnoreCase) : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            Credentials = credentials,
            CredentialSource = credentialSource,
        };
    }

    private static TargetAddress Absolute(TargetAddress address, string original, Func<string, string> resolveLayoutPath) =>
        address.IsLayout && address.Selector is null
            ? TagRequestMapping.AbsoluteLayoutAddress(original, resolveLayoutPath(address.LayoutDirectory!))
            : address;
}
