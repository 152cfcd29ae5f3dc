using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// How a command reaches its repositories, decided once from an <see cref="AccessRequest"/> by one set
/// of rules for both front ends (docs/design.md "Access: one way to reach a registry"): the validated
/// addresses, which registries get plain HTTP and which TLS settings, the credentials, the options that
/// were given but do not apply, and a description for verbose or debug output. It opens the targets
/// and builds the provider resolver; nothing parses an address again.
/// </summary>
public sealed class AccessPlan
{
    // What this plan opened, so a listing can say how each repository was reached without parsing its name.
    private readonly ConditionalWeakTable<IReadOnlyTarget, RepositoryLocation> _opened = new();
    private readonly Func<ProviderAddress, (string Registry, string Repository)>? _templateMapping;

    private AccessPlan(AccessPlanner.Decision decision, RetrySettings retries)
    {
        Retries = retries;
        Choice = decision.Choice;
        Repositories = decision.Repositories;
        Template = decision.Template;
        _templateMapping = decision.TemplateMapping;
        Registries = decision.Registries;
        Environment = decision.Environment;
        Credentials = decision.Credentials;
        Credential = decision.Credential;
        CredentialRegistry = decision.CredentialRegistry;
        CredentialCarried = decision.CredentialCarried;
        PlainHttpEverywhere = decision.PlainHttpEverywhere;
        PlainHttpRegistries = decision.PlainHttpRegistries;
        Transport = decision.Transport;
        Ignored = decision.Ignored;
    }

    /// <summary>How the repositories are chosen.</summary>
    public RepositoryChoice Choice { get; }

    /// <summary>The addresses the command names, validated, in the order given (layout directories absolute).</summary>
    public IReadOnlyList<RepositoryLocation> Repositories { get; }

    /// <summary>The one address the command names.</summary>
    public RepositoryLocation Repository => Repositories.Count == 1
        ? Repositories[0]
        : throw new InvalidOperationException($"The plan has {Repositories.Count} addresses, not one.");

    /// <summary>The repository template, for <see cref="RepositoryChoice.Template"/>.</summary>
    public string? Template { get; }

    /// <summary>
    /// The registries the command names: those of its addresses, or the host a template names
    /// literally. Null when a template or the CLI configuration chooses them per provider.
    /// </summary>
    public IReadOnlyList<string>? Registries { get; }

    /// <summary>What the command sees of its process.</summary>
    public AccessEnvironment Environment { get; }

    /// <summary>The credentials: the explicit one for its registry, otherwise those <c>tofu</c> would find.</summary>
    public ICredentialProvider Credentials { get; }

    /// <summary>The explicit credential, or null when credentials are discovered.</summary>
    public RegistryCredential? Credential { get; }

    /// <summary>The registry <see cref="Credential"/> is for.</summary>
    public string? CredentialRegistry { get; }

    /// <summary>True when <see cref="Credential"/> came with the repository's listing rather than from this request.</summary>
    public bool CredentialCarried { get; }

    /// <summary>True when every registry reached is reached over plain HTTP (a template or the CLI configuration with plain HTTP).</summary>
    public bool PlainHttpEverywhere { get; }

    /// <summary>The named registries reached over plain HTTP.</summary>
    public IReadOnlySet<string> PlainHttpRegistries { get; }

    /// <summary>TLS settings for every registry and per registry, with the environment's variables.</summary>
    public RegistryTransportSettings Transport { get; }

    /// <summary>Options that were given but do not apply, with why; each front end warns in its own spelling.</summary>
    public IReadOnlyList<IgnoredOption> Ignored { get; }

    /// <summary>The options of <see cref="Ignored"/>.</summary>
    public IReadOnlyList<UserOption> NotApplicable => Ignored.Select(i => i.Option).Distinct().ToList();

    /// <summary>One warning per reason in <see cref="Ignored"/>, the options spelled by the running front end.</summary>
    public IReadOnlyList<UserMessage> Warnings() => AccessDescription.Warnings(Ignored);

    /// <summary>Checks <paramref name="request"/> against the access rules and plans it; throws a <see cref="TofuOciException"/> naming what to fix.</summary>
    public static AccessPlan Create(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = AccessPlanner.Decide(request);
        return new(decision, RetrySettings.FromEnvironment(decision.Environment.Transport, request.MaxRetries));
    }

    /// <summary>Retries and idle timeout: the request's count, else <c>TOFU_OCI_MAX_RETRIES</c>, else the default (docs/oci-registries.md "Retries and timeouts").</summary>
    public RetrySettings Retries { get; }

    /// <summary>Options to open targets with: plain HTTP, TLS, credentials, retries, and where the log, warnings and retries (null: the log) go.</summary>
    public TargetOptions CreateTargetOptions(Action<string>? log, Action<string>? warning, Action<string>? retryLog = null) => new()
    {
        PlainHttp = PlainHttpEverywhere,
        PlainHttpRegistries = PlainHttpRegistries,
        Credentials = Credentials,
        Transport = Transport,
        Log = log,
        RetryLog = retryLog,
        Warning = warning,
        Retries = Retries,
    };

    /// <summary>How to reach the registry of <paramref name="location"/> without a repository (a login brings its own credentials).</summary>
    public RemoteRepositoryOptions RemoteOptions(RepositoryLocation location, Action<string>? log, Action<string>? warning, Action<string>? retryLog = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Registry is null
            ? throw new ArgumentException("A layout directory has no registry.", nameof(location))
            : TargetFactory.RemoteOptions(location.Registry, CreateTargetOptions(log, warning, retryLog));
    }

    /// <summary>Opens <paramref name="location"/> (one of <see cref="Repositories"/>, or one a template mapped).</summary>
    /// <param name="retryLog">Where each retry is told; null: <paramref name="log"/>.</param>
    public ITarget Open(RepositoryLocation location, Action<string>? log, Action<string>? warning, Action<string>? retryLog = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ITarget target;
        if (location.IsLayout)
        {
            target = TargetFactory.OpenLayout(location.LayoutDirectory!);
        }
        else if (location.Repository is null)
        {
            throw new ArgumentException($"{location.Text} names a registry, not a repository.", nameof(location));
        }
        else
        {
            target = TargetFactory.OpenRemote(location.Registry!, location.Repository, CreateTargetOptions(log, warning, retryLog));
        }

        _opened.AddOrUpdate(target, location);
        return target;
    }

    /// <summary>
    /// The resolver that says which repository holds a provider: the one repository named, the
    /// template's mapping, or the CLI configuration's <c>oci_mirror</c> blocks (read once per
    /// environment). <paramref name="sinks"/> hear, once per provider, which repository it is read from.
    /// </summary>
    public async Task<ProviderSourceResolver> CreateResolverAsync(AccessSinks sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        // Retries are told where what was read and chosen is (-Verbose; --debug for tofu-oci).
        Func<string, string, IReadOnlyTarget> openMapped = (registry, repository) => Open(RepositoryLocation.Mapped(registry, repository), sinks.Log, sinks.Warning, sinks.Verbose);
        ProviderSourceResolver inner;
        switch (Choice)
        {
            case RepositoryChoice.Named:
                var target = Open(Repository, sinks.Log, sinks.Warning, sinks.Verbose);
                inner = ProviderSourceResolver.FromFunction(_ => target);
                break;
            case RepositoryChoice.Template:
                inner = ProviderSourceResolver.ForMapping(_templateMapping!, openMapped);
                break;
            default:
                var config = await Environment.GetCliConfigurationAsync(sinks.Verbose, sinks.Warning, cancellationToken).ConfigureAwait(false);
                inner = ProviderSourceResolver.ForConfiguration(config, openMapped);
                break;
        }

        if (sinks.Verbose is not { } verbose)
        {
            return inner;
        }

        var told = new ConcurrentDictionary<ProviderAddress, bool>();
        return ProviderSourceResolver.FromFunction(address =>
        {
            var resolved = inner.Resolve(address);
            if (told.TryAdd(address, true))
            {
                verbose($"Provider {address} is read from {resolved.DisplayName}.");
            }

            return resolved;
        });
    }

    /// <summary>
    /// The repository <paramref name="provider"/> is published into: the one named, the template's, or the
    /// CLI configuration's <c>oci_mirror</c> block's, chosen as <see cref="CreateResolverAsync"/> chooses where
    /// it is read from, so a mirror fills exactly the repository installs read (docs/opentofu-compatibility.md §9.7).
    /// </summary>
    public async Task<ITarget> OpenProviderRepositoryAsync(ProviderAddress provider, AccessSinks sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var resolved = (await CreateResolverAsync(sinks, cancellationToken).ConfigureAwait(false)).Resolve(provider);
        // Every repository this plan resolves is one Open made, and Open returns a writable target.
        return resolved as ITarget ?? throw new InvalidOperationException($"{resolved.DisplayName} was not opened for writing.");
    }

    /// <summary>How <paramref name="location"/> is reached under this plan.</summary>
    public RepositoryAccess AccessTo(RepositoryLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Registry is not { } registry)
        {
            return RepositoryAccess.Layout;
        }

        var credential = Credential is not null && string.Equals(CredentialRegistry, registry, StringComparison.OrdinalIgnoreCase) ? Credential : null;
        return new RepositoryAccess(registry, PlainHttpEverywhere || PlainHttpRegistries.Contains(registry), Transport.For(registry), credential);
    }

    /// <summary>How <paramref name="target"/>, which this plan opened, is reached.</summary>
    public RepositoryAccess AccessTo(IReadOnlyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _opened.TryGetValue(target, out var location)
            ? AccessTo(location)
            : throw new ArgumentException($"{target.DisplayName} was not opened by this plan.", nameof(target));
    }

    /// <summary>
    /// What is reached and how, for verbose or debug output: layout directory or repository and
    /// registry, plain HTTP or HTTPS with its TLS settings, and which credentials (the source
    /// <c>tofu</c> would use, read from the credential files; never a secret).
    /// </summary>
    public Task<UserMessage> DescribeAsync(CancellationToken cancellationToken) => AccessDescription.DescribeAsync(this, cancellationToken);
}
