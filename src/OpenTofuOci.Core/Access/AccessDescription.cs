using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Access;

/// <summary>The words an access plan is described and warned about in; never a secret.</summary>
internal static class AccessDescription
{
    /// <summary>What credentials are said to be when the registries are not known yet.</summary>
    public const string Discovered = "as tofu finds them (oci_credentials blocks, credential helpers, Docker-style files such as ~/.docker/config.json); the source used is named when a registry asks for credentials";

    public static async Task<UserMessage> DescribeAsync(AccessPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Choice != RepositoryChoice.Named)
        {
            UserMessage mapped;
            if (plan.Choice == RepositoryChoice.Template)
            {
                mapped = $"the repositories the template {plan.Template} maps provider addresses to";
            }
            else
            {
                mapped = "the repositories the oci_mirror blocks of the OpenTofu CLI configuration map provider addresses to";
            }

            var credentials = plan.Credential is null ? Discovered : $"{plan.Credential} for {plan.CredentialRegistry}; other registries: {Discovered}";
            return $"{mapped}, over {Connection(plan.PlainHttpEverywhere, plan.Transport.AllRegistries, plan.Transport.Registries)}; credentials: {credentials}";
        }

        UserMessage text = string.Empty;
        foreach (var location in plan.Repositories)
        {
            UserMessage one = await DescribeAsync(plan, location, cancellationToken).ConfigureAwait(false);
            text = text.Text.Length == 0 ? one : text + " and " + one;
        }

        return text;
    }

    private static async Task<UserMessage> DescribeAsync(AccessPlan plan, RepositoryLocation location, CancellationToken cancellationToken)
    {
        if (location.IsLayout)
        {
            return $"the OCI image layout {location.LayoutDirectory}";
        }

        var access = plan.AccessTo(location);
        UserMessage connection = Connection(access.PlainHttp, access.Tls, new Dictionary<string, TlsSettings>());
        if (location.Repository is null)
        {
            return $"registry {location.Registry} over {connection}";
        }

        UserMessage credentials;
        if (access.Credential is { } credential)
        {
            credentials = plan.CredentialCarried ? $"{credential}, carried over from where the repository was listed" : $"{credential} for {location.Registry}";
        }
        else
        {
            credentials = await DiscoveredAsync(plan, location.Registry!, location.Repository, cancellationToken).ConfigureAwait(false);
        }

        return $"repository {location.Repository} at registry {location.Registry} over {connection}; credentials: {credentials}";
    }

    // The source tofu would use for the repository, with the key it matched, or why access is anonymous.
    private static async Task<UserMessage> DiscoveredAsync(AccessPlan plan, string registry, string repository, CancellationToken cancellationToken)
    {
        try
        {
            var policy = await plan.Environment.DiscoveredCredentials.GetPolicyAsync(cancellationToken).ConfigureAwait(false);
            var selection = policy.Select(registry, repository);
            if (selection.Chosen is { } chosen)
            {
                return $"{chosen.Description}, matched {chosen.Key} ({chosen.Specificity}), as tofu would choose";
            }

            return $"{selection.Summary}, as tofu would find; pass {UserOption.Credential} or run {UserCommand.Login} if the registry asks for a login";
        }
        catch (TofuOciException)
        {
            // A credentials file that cannot be read fails the command only when a registry asks for credentials.
            return Discovered;
        }
    }

    private static UserMessage Connection(bool plainHttp, TlsSettings all, IReadOnlyDictionary<string, TlsSettings> scoped)
    {
        UserMessage scheme;
        if (plainHttp)
        {
            scheme = $"plain HTTP ({UserOption.PlainHttp})";
        }
        else
        {
            scheme = "HTTPS";
        }

        var parts = Tls(all);
        parts.AddRange(scoped.Where(s => Tls(s.Value).Count > 0).Select(s => $"for {s.Key}: {string.Join(", ", Tls(s.Value))}"));
        return parts.Count == 0 ? scheme : scheme + $" ({string.Join("; ", parts)})";
    }

    // Never the password: only which files are used and whether verification is off.
    private static List<string> Tls(TlsSettings tls)
    {
        var parts = new List<string>();
        if (tls.CaFile is not null)
        {
            parts.Add($"CA certificates from {tls.CaFile} trusted in addition to the system roots");
        }

        if (tls.ClientCertificateFile is not null)
        {
            parts.Add($"client certificate {tls.ClientCertificateFile}" + (tls.ClientKeyFile is null ? string.Empty : $" with key {tls.ClientKeyFile}"));
        }

        if (tls.SkipVerify)
        {
            parts.Add("certificate verification OFF");
        }

        return parts;
    }

    /// <summary>One warning per reason: "X and Y do not apply to an OCI image-layout directory and were ignored."</summary>
    public static IReadOnlyList<UserMessage> Warnings(IReadOnlyList<IgnoredOption> ignored)
    {
        var warnings = new List<UserMessage>();
        foreach (var group in ignored.GroupBy(i => i.Reason))
        {
            var options = group.Select(i => i.Option).Distinct().ToList();
            UserMessage names = string.Empty;
            for (var i = 0; i < options.Count; i++)
            {
                UserMessage name = $"{options[i]}";
                names = i == 0 ? name : names + (i == options.Count - 1 ? " and " : ", ") + name;
            }

            var one = options.Count == 1;
            UserMessage why;
            switch (group.Key)
            {
                case IgnoredReason.LayoutOnly:
                    why = "to an OCI image-layout directory (no registry is reached)";
                    break;
                case IgnoredReason.NoCredential:
                    why = $"without {UserOption.Credential}";
                    break;
                default:
                    why = "to a repository read again the way it was listed (an explicit credential goes to that repository's own registry)";
                    break;
            }

            warnings.Add(names + (one ? " does not apply " : " do not apply ") + why + (one ? " and was ignored." : " and were ignored."));
        }

        return warnings;
    }
}
