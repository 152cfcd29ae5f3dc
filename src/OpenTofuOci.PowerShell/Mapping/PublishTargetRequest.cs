using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Where <c>Publish-TofuProvider</c> publishes (and, for a copy, where from), with the options to reach them.</summary>
internal sealed class PublishTargetRequest
{
    public required TargetAddress Destination { get; init; }

    /// <summary>The repository a piped version is copied from; null when publishing files.</summary>
    public TargetAddress? Source { get; init; }

    /// <summary>The tag a piped version is copied from; null when publishing files.</summary>
    public string? SourceTag { get; init; }

    /// <summary>How the piped version's repository was reached (it travels with the piped object).</summary>
    public TofuOciConnection? SourceConnection { get; init; }

    /// <summary>-SourceCredential, which replaces the credential the piped object carries; null to keep it.</summary>
    public RegistryCredential? SourceCredential { get; init; }

    /// <summary>Registries allowed over plain HTTP for the destination (the one -Repository names, with -PlainHttp).</summary>
    public required IReadOnlySet<string> PlainHttpRegistries { get; init; }

    /// <summary>Credentials for the destination.</summary>
    public required ICredentialProvider Credentials { get; init; }

    /// <summary>The credentials tofu would find, for registries no explicit credential is for.</summary>
    public required ICredentialProvider Discovered { get; init; }

    /// <summary>Where the destination's credentials come from, for -Verbose; never the secret.</summary>
    public required string CredentialSource { get; init; }

    /// <summary>The TLS parameters, set by the cmdlet after mapping (they are shared by every registry cmdlet).</summary>
    public TransportRequest Transport { get; set; } = TransportRequest.None;

    /// <summary>Options to open the destination.</summary>
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

    /// <summary>Options to open the source the way the piped object's connection says (-SourceCredential first).</summary>
    public TargetOptions CreateSourceOptions(Action<string>? log, Action<string>? warning = null) =>
        ConnectionMapping.Reopen(Source ?? throw new InvalidOperationException("Not a copy."), SourceConnection,
            new ConnectionOverrides(SourceCredential, false, TlsSettings.None), Discovered, log, warning);

    /// <summary>The ShouldProcess target: the tag that will be written.</summary>
    public string DestinationText(string tag) => $"{Destination.RepositoryText}:{tag}";

    public string Describe()
    {
        var to = Destination.IsLayout
            ? Destination.RepositoryText
            : $"{Destination.RepositoryText} over {(PlainHttpRegistries.Count == 0 ? "HTTPS" : "plain HTTP (-PlainHttp)")}; credentials: {CredentialSource}";
        if (Source is null)
        {
            return $"Publishing to {to}.";
        }

        var sourceCredential = SourceCredential is not null ? $"{SourceCredential} (-SourceCredential)"
            : SourceConnection?.CredentialSource ?? ConnectionMapping.DiscoveredCredentialSource;
        return $"Copying {Source.RepositoryText}:{SourceTag}, read from {ConnectionMapping.Describe(Source, CreateSourceOptions(null), sourceCredential)}, to {to}.";
    }
}

/// <summary>Maps the parameters of <c>Publish-TofuProvider</c> to a <see cref="PublishTargetRequest"/>.</summary>
internal static class PublishTargetMapping
{
    /// <param name="repository">-Repository, the destination.</param>
    /// <param name="source">For a copy, the piped tag: its repository, tag, version and connection; null when publishing files.</param>
    /// <param name="userName">-Credential's user name, or null.</param>
    /// <param name="password">-Credential's password (or token).</param>
    /// <param name="sourceCredential">-SourceCredential as (user name, password), or null.</param>
    /// <param name="plainHttp">-PlainHttp: the destination registry over plain HTTP.</param>
    /// <param name="resolveLayoutPath">Makes a layout directory absolute the way PowerShell would.</param>
    /// <param name="discovered">The credentials tofu would find, for every registry no explicit credential is for; null for anonymous.</param>
    public static PublishTargetRequest Create(string repository, (string Repository, string Tag, string? Version, TofuOciConnection? Connection)? source,
        string? userName, string? password, (string UserName, string Password)? sourceCredential, bool plainHttp, Func<string, string> resolveLayoutPath,
        ICredentialProvider? discovered = null)
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

        var found = discovered ?? AnonymousCredentialProvider.Instance;
        ICredentialProvider credentials = found;
        string credentialSource;
        if (destination.IsLayout)
        {
            credentialSource = ConnectionMapping.LayoutCredentialSource;
        }
        else if (userName is not null)
        {
            var credential = RegistryCredential.Basic(userName, password ?? string.Empty, ProviderSourceMapping.CredentialSourceName);
            credentials = new ExplicitCredentialProvider(destination.Remote!.Registry, credential, found);
            credentialSource = $"{credential} for {destination.Remote.Registry}";
        }
        else
        {
            credentialSource = CredentialDiscovery.Describe(discovered, destination.Remote!.Registry, destination.Remote.Repository);
        }

        return new PublishTargetRequest
        {
            Destination = destination,
            Source = from,
            SourceTag = source?.Tag,
            SourceConnection = source?.Connection,
            SourceCredential = sourceCredential is { } sc ? RegistryCredential.Basic(sc.UserName, sc.Password, SourceCredentialName) : null,
            PlainHttpRegistries = plainHttp && !destination.IsLayout
                ? new HashSet<string>([destination.Remote!.Registry], StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            Credentials = credentials,
            Discovered = found,
            CredentialSource = credentialSource,
        };
    }

    public const string SourceCredentialName = "-SourceCredential";

    private static TargetAddress Absolute(TargetAddress address, string original, Func<string, string> resolveLayoutPath) =>
        address.IsLayout && address.Selector is null
            ? TagRequestMapping.AbsoluteLayoutAddress(original, resolveLayoutPath(address.LayoutDirectory!))
            : address;
}
