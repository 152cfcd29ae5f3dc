using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Credentials.Docker;
using OpenTofuOci.Core.Credentials.Helpers;

namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>One "credentials config" of OpenTofu's policy (docs/opentofu-compatibility.md §5.1): what it offers for a repository.</summary>
internal abstract class CredentialConfig(string location)
{
    public string Location { get; } = location;

    /// <summary>The sources it offers for the repository (each with its specificity), and problems, in OpenTofu's order.</summary>
    public abstract IEnumerable<(CredentialCandidate? Candidate, string? Problem)> Lookup(string domain, string repository);

    protected static CredentialCandidate Helper(CredentialEnvironment environment, string location, string key, string helper,
        CredentialSpecificity specificity, string domain, string where)
    {
        var runner = new CredentialHelper(helper, environment);
        var description = $"credential helper {runner.ExecutableName} ({where})";
        return new CredentialCandidate(location, key, CredentialSourceKind.CredentialHelper, specificity, helper, description,
            ct => runner.GetAsync(CredentialHelper.ServerUrl(domain), description, ct));
    }
}

/// <summary>An <c>oci_credentials "&lt;prefix&gt;"</c> block (§5.2 runtime).</summary>
internal sealed class ExplicitBlockConfig(OciCredentialsConfig block, CredentialEnvironment environment)
    : CredentialConfig($"explicit oci_credentials \"{block.RepositoryPrefix}\" block")
{
    public override IEnumerable<(CredentialCandidate?, string?)> Lookup(string domain, string repository)
    {
        var specificity = CredentialSpecificity.Match(block.RepositoryPrefix, domain, repository);
        if (specificity == CredentialSpecificity.None)
        {
            yield break;
        }

        var where = $"{Location} at {block.Position}";
        if (!string.IsNullOrEmpty(block.Username))
        {
            var description = $"{where} (user {block.Username})";
            var credential = new RegistryCredential { Username = block.Username, Password = block.Password ?? string.Empty, Source = description };
            yield return (new CredentialCandidate(Location, block.RepositoryPrefix, CredentialSourceKind.UsernamePassword, specificity, null, description,
                _ => Task.FromResult<RegistryCredential?>(credential)), null);
        }
        else if (!string.IsNullOrEmpty(block.AccessToken))
        {
            var description = $"{where} (access and refresh token)";
            var credential = new RegistryCredential { AccessToken = block.AccessToken, RefreshToken = block.RefreshToken, Source = description };
            yield return (new CredentialCandidate(Location, block.RepositoryPrefix, CredentialSourceKind.OAuthTokens, specificity, null, description,
                _ => Task.FromResult<RegistryCredential?>(credential)), null);
        }
        else if (!string.IsNullOrEmpty(block.DockerCredentialsHelper))
        {
            yield return (Helper(environment, Location, block.RepositoryPrefix, block.DockerCredentialsHelper, specificity, domain, where), null);
        }
        else
        {
            yield return (null, $"{Location} has no supported credentials arguments");
        }
    }
}

/// <summary>The <c>docker_credentials_helper</c> of <c>oci_default_credentials</c>: a helper for every registry at Global specificity.</summary>
internal sealed class DefaultHelperConfig(string helper, CredentialEnvironment environment) : CredentialConfig("oci_default_credentials block")
{
    public override IEnumerable<(CredentialCandidate?, string?)> Lookup(string domain, string repository)
    {
        yield return (Helper(environment, Location, "docker_credentials_helper", helper, CredentialSpecificity.Global, domain, Location), null);
    }
}

/// <summary>A Docker-style file: <c>auths</c> entries, then <c>credHelpers[domain]</c>, then <c>credsStore</c> (§5.3).</summary>
internal sealed class DockerFileConfig(DockerConfigFile file, CredentialEnvironment environment) : CredentialConfig(file.Path)
{
    public DockerConfigFile File { get; } = file;

    public override IEnumerable<(CredentialCandidate?, string?)> Lookup(string domain, string repository)
    {
        foreach (var entry in File.Auths)
        {
            if (!entry.HasCredentials)
            {
                continue;
            }

            var specificity = CredentialSpecificity.Match(entry.Key, domain, repository);
            if (specificity == CredentialSpecificity.None)
            {
                continue;
            }

            var key = $"auths[\"{entry.Key}\"]";
            var description = $"{File.Path} entry for {entry.Key}";
            if (entry.IdentityToken is { } identity)
            {
                // docker and oras store an identity token after an OAuth login; OpenTofu ignores it.
                var credential = new RegistryCredential { Username = entry.Username, RefreshToken = identity, Source = description + " (identity token)" };
                yield return (new CredentialCandidate(Location, key, CredentialSourceKind.IdentityToken, specificity, null, credential.Source,
                    _ => Task.FromResult<RegistryCredential?>(credential)), null);
                continue;
            }

            if (entry.Username is null)
            {
                yield return (null, $"auth object for \"{entry.Key}\" in {File.Path} does not have base64-encoded username:password pair");
                continue;
            }

            var basic = new RegistryCredential { Username = entry.Username, Password = entry.Password, Source = $"{description} (user {entry.Username})" };
            yield return (new CredentialCandidate(Location, key, CredentialSourceKind.UsernamePassword, specificity, null, basic.Source,
                _ => Task.FromResult<RegistryCredential?>(basic)), null);
        }

        if (File.CredHelpers.TryGetValue(domain, out var helper) && helper.Length > 0)
        {
            yield return (Helper(environment, Location, $"credHelpers[\"{domain}\"]", helper, CredentialSpecificity.Domain, domain,
                $"credHelpers[\"{domain}\"] in {File.Path}"), null);
        }

        if (File.CredsStore is { } store)
        {
            yield return (Helper(environment, Location, "credsStore", store, CredentialSpecificity.Global, domain, $"credsStore in {File.Path}"), null);
        }
    }
}
