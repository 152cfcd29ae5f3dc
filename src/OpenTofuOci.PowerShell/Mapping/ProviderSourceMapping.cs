using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// Maps -Repository / -RepositoryTemplate (or neither: the CLI configuration), -Credential,
/// -CredentialRegistry and -PlainHttp to a <see cref="ProviderSourceRequest"/>. Plain values only, so
/// tests need no PowerShell host.
/// </summary>
/// <remarks>
/// -Credential is for one registry: the explicit repository's; with a template, the registry the
/// template names literally (e.g. <c>registry.example.com/providers/${type}</c>); otherwise the one
/// named with -CredentialRegistry, which is required then.
/// </remarks>
internal static class ProviderSourceMapping
{
    public const string CredentialSourceName = "-Credential";

    /// <param name="discovered">The credentials tofu would find, for every registry -Credential is not for; null for anonymous.</param>
    /// <param name="configuration">The invocation's CLI configuration, shared by its items; null for a new one.</param>
    public static ProviderSourceRequest Create(string? repository, string? template, string? userName, string? password,
        string? credentialRegistry, bool plainHttp, Func<string, string> resolveLayoutPath, ICredentialProvider? discovered = null,
        CliConfigurationOnce? configuration = null)
    {
        configuration ??= new CliConfigurationOnce();
        ArgumentNullException.ThrowIfNull(resolveLayoutPath);
        if (repository is not null && template is not null)
        {
            throw Invalid("Give either -Repository or -RepositoryTemplate, not both.", repository);
        }

        var noPlainHttp = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (repository is not null)
        {
            var address = TargetAddress.Parse(repository);
            if (address.Selector is not null)
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"\"{repository}\" names a tag or digest; give only the repository ({address.RepositoryText}): the version is chosen from its tags.", repository);
            }

            if (address.IsLayout)
            {
                var ignored = new List<string>();
                if (userName is not null)
                {
                    ignored.Add("-Credential");
                }

                if (credentialRegistry is not null)
                {
                    ignored.Add("-CredentialRegistry");
                }

                if (plainHttp)
                {
                    ignored.Add("-PlainHttp");
                }

                return new ProviderSourceRequest
                {
                    Configuration = configuration,
                    Kind = ProviderSourceKind.Repository,
                    Repository = TagRequestMapping.AbsoluteLayoutAddress(repository, resolveLayoutPath(address.LayoutDirectory!)),
                    PlainHttpRegistries = noPlainHttp,
                    PlainHttpEverywhere = false,
                    Credentials = AnonymousCredentialProvider.Instance,
                    CredentialSource = "none (a layout directory needs none)",
                    IgnoredParameters = ignored,
                };
            }

            var registry = address.Remote!.Registry;
            if (credentialRegistry is not null && !string.Equals(credentialRegistry, registry, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"-CredentialRegistry {credentialRegistry} is not the registry of -Repository ({registry}); leave -CredentialRegistry out, -Credential is used for {registry}.", credentialRegistry);
            }

            var (credentials, source) = Credentials(registry, userName, password, discovered);
            if (userName is null)
            {
                source = CredentialDiscovery.Describe(discovered, registry, address.Remote.Repository);
            }

            return new ProviderSourceRequest
            {
                Configuration = configuration,
                Kind = ProviderSourceKind.Repository,
                Repository = address,
                PlainHttpRegistries = plainHttp ? new HashSet<string>([registry], StringComparer.OrdinalIgnoreCase) : noPlainHttp,
                PlainHttpEverywhere = false,
                Credentials = credentials,
                ExplicitCredential = Explicit(userName, password, registry),
                CredentialSource = source,
                IgnoredParameters = [],
            };
        }

        var forRegistry = credentialRegistry;
        if (userName is not null && forRegistry is null)
        {
            forRegistry = template is null ? null : LiteralRegistry(template);
            if (forRegistry is null)
            {
                throw Invalid(template is null
                        ? "The registries come from the OpenTofu CLI configuration, so say which registry -Credential is for with -CredentialRegistry <host[:port]>."
                        : $"The template \"{template}\" does not name its registry literally, so say which registry -Credential is for with -CredentialRegistry <host[:port]>.",
                    template ?? "-CredentialRegistry");
            }
        }

        var ignoredHere = new List<string>();
        if (userName is null && credentialRegistry is not null)
        {
            ignoredHere.Add("-CredentialRegistry");
        }

        var (provider, text) = userName is null || forRegistry is null
            ? Credentials(string.Empty, null, null, discovered)
            : Credentials(forRegistry, userName, password, discovered);
        if (userName is not null && discovered is not null)
        {
            text += $"; other registries: {CredentialDiscovery.Text}";
        }
        return new ProviderSourceRequest
        {
            Configuration = configuration,
            Kind = template is null ? ProviderSourceKind.Configuration : ProviderSourceKind.Template,
            Template = template,
            PlainHttpRegistries = noPlainHttp,
            PlainHttpEverywhere = plainHttp,
            Credentials = provider,
            ExplicitCredential = forRegistry is null ? null : Explicit(userName, password, forRegistry),
            CredentialSource = text,
            IgnoredParameters = ignoredHere,
        };
    }

    /// <summary>The registry a template names without placeholders (its text before the first '/'), or null.</summary>
    public static string? LiteralRegistry(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var slash = template.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var host = template[..slash];
        return host.IndexOfAny(['$', '{', '}']) >= 0 ? null : host;
    }

    private static (ICredentialProvider Provider, string Source) Credentials(string registry, string? userName, string? password, ICredentialProvider? discovered)
    {
        if (userName is null)
        {
            return discovered is null
                ? (AnonymousCredentialProvider.Instance, "none (anonymous; pass -Credential if the registry asks for a login)")
                : (discovered, CredentialDiscovery.Text);
        }

        var credential = RegistryCredential.Basic(userName, password ?? string.Empty, CredentialSourceName);
        return (new ExplicitCredentialProvider(registry, credential, discovered ?? AnonymousCredentialProvider.Instance), $"{credential} for {registry}");
    }

    private static (RegistryCredential, string)? Explicit(string? userName, string? password, string registry) =>
        userName is null ? null : (RegistryCredential.Basic(userName, password ?? string.Empty, CredentialSourceName), registry);

    /// <summary>
    /// The source of one version piped from <c>Get-TofuProviderVersion</c>: its repository, reached
    /// as its connection says, with the receiving cmdlet's own parameters (<paramref name="overrides"/>) first.
    /// </summary>
    public static ProviderSourceRequest FromPipedVersion(string repository, Output.TofuOciConnection? connection, ConnectionOverrides overrides,
        Func<string, string> resolveLayoutPath, ICredentialProvider discovered, IReadOnlyList<string> ignored, CliConfigurationOnce configuration)
    {
        ArgumentNullException.ThrowIfNull(resolveLayoutPath);
        ArgumentNullException.ThrowIfNull(overrides);
        var address = TargetAddress.Parse(repository);
        if (address.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"The piped repository \"{repository}\" names a tag or digest; the version comes from the Version property.", repository);
        }

        if (address.IsLayout)
        {
            address = TagRequestMapping.AbsoluteLayoutAddress(repository, resolveLayoutPath(address.LayoutDirectory!));
        }

        var options = ConnectionMapping.Reopen(address, connection, overrides, discovered, null, null);
        var credentialSource = address.IsLayout ? ConnectionMapping.LayoutCredentialSource
            : overrides.Credential is { } given ? $"{given} for {address.Remote!.Registry}"
            : connection?.Credential is not null ? connection.CredentialSource + ", carried by the piped object"
            : CredentialDiscovery.Describe(discovered, address.Remote!.Registry, address.Remote.Repository);
        return new ProviderSourceRequest
        {
            Configuration = configuration,
            Kind = ProviderSourceKind.Repository,
            Repository = address,
            PlainHttpRegistries = options.PlainHttpRegistries,
            PlainHttpEverywhere = false,
            Credentials = options.Credentials,
            ExplicitCredential = address.IsLayout ? null : (overrides.Credential ?? connection?.Credential) is { } c ? (c, address.Remote!.Registry) : null,
            CredentialSource = credentialSource,
            IgnoredParameters = ignored,
            Transport = new TransportRequest { Settings = options.Transport },
            Piped = true,
        };
    }

    private static TofuOciException Invalid(string message, string target) =>
        new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message, target);
}
