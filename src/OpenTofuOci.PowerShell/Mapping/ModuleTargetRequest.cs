using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Where a module cmdlet reads or writes (<c>-Repository</c> or <c>-Source</c>), with the options to reach it.</summary>
internal sealed class ModuleTargetRequest
{
    /// <summary>The repository or layout (layout directories absolute).</summary>
    public required TargetAddress Address { get; init; }

    public required IReadOnlySet<string> PlainHttpRegistries { get; init; }

    public required ICredentialProvider Credentials { get; init; }

    /// <summary>Where the credentials come from, for -Verbose; never the secret.</summary>
    public required string CredentialSource { get; init; }

    /// <summary>Parameters given that do not apply to this address, to warn about.</summary>
    public required IReadOnlyList<string> IgnoredParameters { get; init; }

    /// <summary>TLS trust and client certificate (-CertificateAuthorityPath and the like).</summary>
    public TransportRequest Transport { get; set; } = TransportRequest.None;

    public TargetOptions CreateTargetOptions(Action<string>? log, Action<string>? warning = null) => new()
    {
        PlainHttpRegistries = PlainHttpRegistries,
        Credentials = Credentials,
        Transport = Transport.Settings,
        Warning = warning,
        Log = log,
    };

    public string Describe(string verb) =>
        $"{verb} {Address.RepositoryText}" +
        (PlainHttpRegistries.Count == 0 ? string.Empty : $" over plain HTTP (-PlainHttp)") +
        $"; credentials: {CredentialSource}.";
}

/// <summary>
/// Maps the parameters of <c>Publish-TofuModule</c> and <c>Save-TofuModule</c> (plain values, so tests need
/// no PowerShell host) to Core requests.
/// </summary>
internal static class ModuleMapping
{
    /// <summary>What Publish-TofuModule was asked for.</summary>
    internal sealed record PublishPlan(ModuleTargetRequest Target, string Directory, IReadOnlyList<string> Tags, IReadOnlyList<string> Exclude,
        bool UseDefaultExcludes, string? SourceUrl, string? ModuleVersion, DateTimeOffset? Created)
    {
        /// <summary>The Core request for a target opened from <see cref="Target"/>; <paramref name="force"/> is -Force.</summary>
        public ModulePublishRequest ToRequest(ITarget target, bool force = false) => new()
        {
            Force = force,
            Directory = Directory,
            Target = target,
            RepositoryText = Target.Address.RepositoryText,
            Tags = Tags,
            Exclude = Exclude,
            UseDefaultExcludes = UseDefaultExcludes,
            SourceAnnotation = SourceUrl,
            VersionAnnotation = ModuleVersion,
            Created = Created,
        };

        /// <summary>The ShouldProcess target: every tag that will be written.</summary>
        public string ShouldProcessTarget => string.Join(", ", Tags.Select(t => $"{Target.Address.RepositoryText}:{t}"));
    }

    /// <summary>What Save-TofuModule was asked for.</summary>
    internal sealed record SavePlan(ModuleTargetRequest Target, ModuleAddress Address, string Destination, bool Force);

    /// <param name="directory">-Path/-LiteralPath, already resolved to one file system directory.</param>
    /// <param name="repository">-Repository.</param>
    /// <param name="tags">-Tag (null or empty: latest).</param>
    /// <param name="exclude">-Exclude globs.</param>
    /// <param name="noDefaultExclude">-NoDefaultExclude.</param>
    /// <param name="sourceUrl">-SourceUrl annotation.</param>
    /// <param name="moduleVersion">-ModuleVersion annotation.</param>
    /// <param name="created">-Created annotation.</param>
    /// <param name="userName">-Credential's user name, or null.</param>
    /// <param name="password">-Credential's password (or token).</param>
    /// <param name="plainHttp">-PlainHttp.</param>
    /// <param name="resolvePath">Makes a layout directory absolute the way PowerShell would.</param>
    public static PublishPlan CreatePublish(string directory, string repository, IReadOnlyList<string>? tags, IReadOnlyList<string>? exclude, bool noDefaultExclude,
        string? sourceUrl, string? moduleVersion, DateTimeOffset? created, string? userName, string? password, bool plainHttp, Func<string, string> resolvePath,
        ICredentialProvider? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(resolvePath);
        var address = TargetAddress.Parse(repository);
        if (address.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"-Repository \"{repository}\" names a tag or digest; give only the repository ({address.RepositoryText}) and the tags with -Tag.", repository);
        }

        var checkedTags = ModulePublisher.CheckTags(tags);
        foreach (var pattern in exclude ?? [])
        {
            _ = ExcludePattern.Parse(pattern);
        }

        return new PublishPlan(Target(address, repository, userName, password, plainHttp, resolvePath, discovered), directory, checkedTags, exclude ?? [],
            !noDefaultExclude, sourceUrl, moduleVersion, created);
    }

    /// <param name="source">-Source, an <c>oci://</c> or <c>oci-layout:</c> module address.</param>
    /// <param name="destination">-Destination, already absolute.</param>
    /// <param name="force">-Force.</param>
    /// <param name="userName">-Credential's user name, or null.</param>
    /// <param name="password">-Credential's password (or token).</param>
    /// <param name="plainHttp">-PlainHttp.</param>
    /// <param name="resolvePath">Makes a layout directory absolute the way PowerShell would.</param>
    public static SavePlan CreateSave(string source, string destination, bool force, string? userName, string? password, bool plainHttp,
        Func<string, string> resolvePath, ICredentialProvider? discovered = null)
    {
        ArgumentNullException.ThrowIfNull(resolvePath);
        var address = ModuleAddress.Parse(source);
        var target = Target(address.ToTargetAddress(), source, userName, password, plainHttp, resolvePath, discovered);
        if (address.IsLayout)
        {
            // Output and messages name the absolute layout, so they still mean the same from another location.
            address = ModuleAddress.Parse(ModuleAddress.Format(target.Address.RepositoryText, address.Subdir, address.Tag, address.Digest?.ToString()));
        }

        return new SavePlan(target, address, destination, force);
    }

    private static ModuleTargetRequest Target(TargetAddress address, string original, string? userName, string? password, bool plainHttp,
        Func<string, string> resolvePath, ICredentialProvider? discovered)
    {
        if (address.IsLayout)
        {
            var ignored = TagRequestMapping.IgnoredForLayout(userName, plainHttp);
            return new ModuleTargetRequest
            {
                Address = TagRequestMapping.AbsoluteLayoutAddress(original, resolvePath(address.LayoutDirectory!)),
                PlainHttpRegistries = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
                Credentials = AnonymousCredentialProvider.Instance,
                CredentialSource = "none (a layout directory needs none)",
                IgnoredParameters = ignored,
            };
        }

        var registry = address.Remote!.Registry;
        var credential = userName is null ? null : RegistryCredential.Basic(userName, password ?? string.Empty, TagRequestMapping.CredentialSourceName);
        var fallback = discovered ?? AnonymousCredentialProvider.Instance;
        return new ModuleTargetRequest
        {
            Address = address,
            PlainHttpRegistries = plainHttp
                ? new HashSet<string>([registry], StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            Credentials = credential is null ? fallback : new ExplicitCredentialProvider(registry, credential, fallback),
            CredentialSource = credential?.ToString() ?? CredentialDiscovery.Describe(discovered, registry, address.Remote.Repository),
            IgnoredParameters = [],
        };
    }
}
