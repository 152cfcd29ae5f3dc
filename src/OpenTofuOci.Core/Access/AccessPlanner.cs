using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Core.Access;

/// <summary>The rules that turn an <see cref="AccessRequest"/> into an <see cref="AccessPlan"/>, the same for both front ends.</summary>
internal static class AccessPlanner
{
    internal sealed record Decision(
        RepositoryChoice Choice,
        IReadOnlyList<RepositoryLocation> Repositories,
        string? Template,
        Func<ProviderAddress, (string Registry, string Repository)>? TemplateMapping,
        IReadOnlyList<string>? Registries,
        AccessEnvironment Environment,
        ICredentialProvider Credentials,
        RegistryCredential? Credential,
        string? CredentialRegistry,
        bool CredentialCarried,
        bool PlainHttpEverywhere,
        IReadOnlySet<string> PlainHttpRegistries,
        RegistryTransportSettings Transport,
        IReadOnlyList<IgnoredOption> Ignored);

    public static Decision Decide(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Environment);
        var environment = request.Environment;
        if (request.Addresses.Count > 0 && request.RepositoryTemplate is not null)
        {
            throw Invalid($"Give either {UserOption.Repository} or {UserOption.RepositoryTemplate}, not both.", request.Addresses[0].Text);
        }

        if (request.Addresses.Count > 1 && request.Addresses.Any(a => a.Carried is not null))
        {
            throw new ArgumentException("An address that carries its access must be the request's only address.", nameof(request));
        }

        var resolvePath = request.ResolveLayoutPath ?? Path.GetFullPath;
        var locations = request.Addresses.Select(a => RepositoryLocation.Parse(a, resolvePath)).ToList();
        var choice = locations.Count > 0 ? RepositoryChoice.Named
            : request.RepositoryTemplate is not null ? RepositoryChoice.Template
            : RepositoryChoice.CliConfiguration;
        if (choice == RepositoryChoice.Named && request.Providers.Count > 1 && request.Addresses[0].Use == AddressUse.Repository)
        {
            throw Invalid($"{UserOption.Repository} names the repository of one provider, but {request.Providers.Count} addresses were given ({string.Join(", ", request.Providers)}); " +
                $"give them one at a time, or use {UserOption.RepositoryTemplate} or the CLI configuration.", locations[0].Text);
        }

        var mapping = request.RepositoryTemplate is { } template ? ProviderSourceResolver.TemplateMapping(template, request.Providers) : null;
        IReadOnlyList<string>? registries = choice switch
        {
            RepositoryChoice.Named => locations.Where(l => l.Registry is not null).Select(l => l.Registry!).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            RepositoryChoice.Template when LiteralRegistry(request.RepositoryTemplate!) is { } host => [host],
            _ => null,
        };

        var ignored = new List<IgnoredOption>();
        var noPlainHttp = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (registries is { Count: 0 })
        {
            // Only layout directories: nothing of a registry applies. A value scoped to a registry names
            // one this command does not reach, which is a mistake rather than something to ignore.
            CheckScoped(request, registries);
            IgnoreRegistryOptions(request, ignored);
            return new Decision(choice, locations, request.RepositoryTemplate, mapping, registries, environment, AnonymousCredentialProvider.Instance,
                null, null, false, false, noPlainHttp, new RegistryTransportSettings { Environment = environment.Transport }, ignored);
        }

        CheckScoped(request, registries);
        var transport = Transport(request, registries, environment);
        var plainHttpRegistries = request.PlainHttp && registries is not null
            ? new HashSet<string>(registries, StringComparer.OrdinalIgnoreCase)
            : noPlainHttp;
        // With a template or the CLI configuration plain HTTP is for every registry reached (a template's literal host is all of them).
        var plainHttpEverywhere = request.PlainHttp && choice != RepositoryChoice.Named;
        var carries = request.Addresses.Count == 1 && request.Addresses[0].Carried is not null;
        var carried = carries && request.Addresses[0].Carried!.IsFor(locations[0].Registry) ? request.Addresses[0].Carried : null;
        if (carries && request.CredentialRegistry is not null)
        {
            ignored.Add(new IgnoredOption(UserOption.CredentialRegistry, IgnoredReason.Carried));
        }

        if (carried is not null)
        {
            var registry = carried.Registry!;
            if (carried.PlainHttp)
            {
                plainHttpRegistries = new HashSet<string>([registry], StringComparer.OrdinalIgnoreCase);
            }

            // The request's own options win over what the listing carried.
            var scoped = new Dictionary<string, TlsSettings>(transport.Registries, StringComparer.OrdinalIgnoreCase)
            {
                [registry] = carried.Tls.OverlaidWith(transport.For(registry)),
            };
            transport = new RegistryTransportSettings { AllRegistries = transport.AllRegistries, Registries = scoped, Environment = transport.Environment };
            var credential = request.Credential ?? carried.Credential;
            return new Decision(choice, locations, null, null, registries, environment,
                credential is null ? environment.DiscoveredCredentials : new ExplicitCredentialProvider(registry, credential, environment.DiscoveredCredentials),
                credential, credential is null ? null : registry, request.Credential is null && credential is not null,
                false, plainHttpRegistries, transport, ignored);
        }

        var (provider, explicitRegistry) = ExplicitCredentials(request, carries ? null : request.CredentialRegistry, choice, registries, ignored);
        return new Decision(choice, locations, request.RepositoryTemplate, mapping, registries, environment, provider,
            explicitRegistry is null ? null : request.Credential, explicitRegistry, false, plainHttpEverywhere, plainHttpRegistries, transport, ignored);
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
        return host.IndexOfAny(['$', '{', '}', '%']) < 0 && Reference.IsValidRegistry(host) ? host : null;
    }

    // An explicit credential goes to exactly one registry: the only one the command names, the one the
    // credential registry picks among those named, or (when a template or the CLI configuration
    // chooses the registries) the one the credential registry names.
    private static (ICredentialProvider Provider, string? Registry) ExplicitCredentials(AccessRequest request, string? chosen, RepositoryChoice choice,
        IReadOnlyList<string>? registries, List<IgnoredOption> ignored)
    {
        var discovered = request.Environment.DiscoveredCredentials;
        if (request.Credential is null)
        {
            if (chosen is not null)
            {
                ignored.Add(new IgnoredOption(UserOption.CredentialRegistry, IgnoredReason.NoCredential));
            }

            return (discovered, null);
        }

        if (chosen is not null)
        {
            if (!Reference.IsValidRegistry(chosen))
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"{UserOption.CredentialRegistry} \"{chosen}\" is not a registry; give its host name or address with an optional port, e.g. registry.example.com:5000.", chosen);
            }

            if (registries is not null && !registries.Contains(chosen, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid($"{UserOption.CredentialRegistry} {chosen} is not one of the registries named on this command ({string.Join(", ", registries)}); " +
                    $"credentials are sent only to a registry the command names.", chosen);
            }
        }
        else if (registries is null)
        {
            UserMessage message;
            if (choice == RepositoryChoice.Template)
            {
                message = $"The template \"{request.RepositoryTemplate}\" does not name its registry literally, so say which registry {UserOption.Credential} is for with {UserOption.CredentialRegistry} <host[:port]>.";
            }
            else
            {
                message = $"The registries come from the OpenTofu CLI configuration, so say which registry {UserOption.Credential} is for with {UserOption.CredentialRegistry} <host[:port]>.";
            }

            throw Invalid(message, request.RepositoryTemplate ?? string.Empty);
        }
        else if (registries.Count != 1)
        {
            throw Invalid($"This command names {registries.Count} registries ({string.Join(", ", registries)}); say which one the credentials are for with {UserOption.CredentialRegistry}.",
                string.Join(", ", registries));
        }
        else
        {
            chosen = registries[0];
        }

        return (new ExplicitCredentialProvider(chosen, request.Credential, discovered), chosen);
    }

    private static RegistryTransportSettings Transport(AccessRequest request, IReadOnlyList<string>? registries, AccessEnvironment environment)
    {
        var all = request.Tls;
        var scoped = new Dictionary<string, TlsSettings>(request.RegistryTls, StringComparer.OrdinalIgnoreCase);
        if (request.SkipCertificateCheck)
        {
            // Verification is skipped only where the command says: its registries, or every registry when
            // a template or the CLI configuration chooses them.
            if (registries is null)
            {
                all = all with { SkipVerify = true };
            }
            else
            {
                foreach (var registry in registries)
                {
                    scoped[registry] = (scoped.TryGetValue(registry, out var s) ? s : TlsSettings.None) with { SkipVerify = true };
                }
            }
        }

        CheckClientKey(all, all.ClientKeyFile);
        foreach (var (_, settings) in scoped)
        {
            CheckClientKey(all.OverlaidWith(settings), settings.ClientKeyFile);
        }

        return new RegistryTransportSettings { AllRegistries = all, Registries = scoped, Environment = environment.Transport };
    }

    private static void CheckClientKey(TlsSettings effective, string? given)
    {
        if (effective.ClientKeyFile is not null && effective.ClientCertificateFile is null)
        {
            throw Invalid($"{UserOption.ClientKey} was given without {UserOption.ClientCertificate}; give the client certificate too.", given ?? effective.ClientKeyFile);
        }
    }

    // A value scoped to a registry must name one the command names (when it names them).
    private static void CheckScoped(AccessRequest request, IReadOnlyList<string>? registries)
    {
        if (registries is null)
        {
            return;
        }

        foreach (var (registry, settings) in request.RegistryTls)
        {
            if (registries.Contains(registry, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var option = FirstOption(settings);
            if (registries.Count == 0)
            {
                throw Invalid($"{option} names {registry}, but this command reaches no registry.", registry);
            }

            throw Invalid($"{option} names {registry}, which is not one of the registries of this command ({string.Join(", ", registries)}).", registry);
        }
    }

    private static UserOption FirstOption(TlsSettings settings) =>
        settings.CaFile is not null ? UserOption.CaFile
        : settings.ClientCertificateFile is not null ? UserOption.ClientCertificate
        : settings.ClientKeyFile is not null ? UserOption.ClientKey
        : settings.ClientCertificatePassword is not null ? UserOption.ClientCertificatePassword
        : UserOption.SkipCertificateCheck;

    private static void IgnoreRegistryOptions(AccessRequest request, List<IgnoredOption> ignored)
    {
        void Ignore(bool given, UserOption option)
        {
            if (given)
            {
                ignored.Add(new IgnoredOption(option, IgnoredReason.LayoutOnly));
            }
        }

        Ignore(request.Credential is not null, UserOption.Credential);
        Ignore(request.CredentialRegistry is not null, UserOption.CredentialRegistry);
        Ignore(request.PlainHttp, UserOption.PlainHttp);
        Ignore(request.Tls.CaFile is not null, UserOption.CaFile);
        Ignore(request.Tls.ClientCertificateFile is not null, UserOption.ClientCertificate);
        Ignore(request.Tls.ClientKeyFile is not null, UserOption.ClientKey);
        Ignore(request.Tls.ClientCertificatePassword is not null, UserOption.ClientCertificatePassword);
        Ignore(request.Tls.SkipVerify || request.SkipCertificateCheck, UserOption.SkipCertificateCheck);
    }

    private static TofuOciException Invalid(UserMessage message, string target) =>
        new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message, target);
}
