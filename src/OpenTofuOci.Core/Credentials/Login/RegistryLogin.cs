using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Credentials.Docker;
using OpenTofuOci.Core.Credentials.Helpers;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.Core.Credentials.Login;

/// <summary>
/// <c>docker login</c>/<c>logout</c> for OCI registries: verify with the registry's own challenge on
/// <c>GET /v2/</c>, then store where <c>docker login</c> would — the <c>credHelpers</c> entry for the
/// registry, else <c>credsStore</c> (helper <c>store</c>), else a base64 <c>auth</c> entry in
/// <c>~/.docker/config.json</c> (<c>$DOCKER_CONFIG/config.json</c> when that is set, with a notice that
/// OpenTofu will not read it). Helpers are given the server URL <c>https://&lt;registry&gt;</c>, the form
/// OpenTofu asks them for.
/// </summary>
public static class RegistryLogin
{
    /// <summary>Verifies and stores <paramref name="username"/>/<paramref name="password"/> for <paramref name="registry"/>.</summary>
    /// <param name="transport">Handler, plain HTTP and log for the verification request; credentials in it are ignored.</param>
    public static async Task<RegistryLoginResult> LoginAsync(string registry, string username, string password, CredentialEnvironment environment,
        RemoteRepositoryOptions transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(transport);
        ValidateRegistry(registry);
        if (string.IsNullOrEmpty(username))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, "A user name is required to log in.", registry);
        }

        var verified = await VerifyAsync(registry, username, password, transport, cancellationToken).ConfigureAwait(false);
        var path = DockerConfigLocations.DockerConfigPath(environment);
        var config = await DockerConfigWriter.ReadObjectAsync(path, cancellationToken).ConfigureAwait(false);
        if (HelperFor(config, registry) is { } helperName)
        {
            var helper = new CredentialHelper(helperName, environment);
            await helper.StoreAsync(CredentialHelper.ServerUrl(registry), username, password, cancellationToken).ConfigureAwait(false);
            var store = $"credential helper {helper.ExecutableName}";
            return new RegistryLoginResult(registry, username, [store], verified, true) { Notices = Listed(DockerConfigNotices.Login(environment, registry, store)) };
        }

        var auths = DockerConfigWriter.ObjectMember(config, "auths", create: true)!;
        var entry = auths[registry] as JsonObject ?? [];
        entry.Remove("identitytoken");
        entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        auths[registry] = entry;
        await DockerConfigWriter.WriteAsync(path, config, cancellationToken).ConfigureAwait(false);
        return new RegistryLoginResult(registry, username, [path], verified, true) { Notices = Listed(DockerConfigNotices.Login(environment, registry, null)) };
    }

    /// <summary>Removes what a login stored for <paramref name="registry"/>: the helper's entry and the file's <c>auths</c> entry.</summary>
    public static async Task<RegistryLoginResult> LogoutAsync(string registry, CredentialEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ValidateRegistry(registry);
        var path = DockerConfigLocations.DockerConfigPath(environment);
        var config = await DockerConfigWriter.ReadObjectAsync(path, cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        if (HelperFor(config, registry) is { } helperName)
        {
            var helper = new CredentialHelper(helperName, environment);
            if (await helper.EraseAsync(CredentialHelper.ServerUrl(registry), cancellationToken).ConfigureAwait(false))
            {
                removed.Add($"credential helper {helper.ExecutableName}");
            }
        }

        if (DockerConfigWriter.ObjectMember(config, "auths", create: false) is { } auths && auths.ContainsKey(registry))
        {
            auths.Remove(registry);
            await DockerConfigWriter.WriteAsync(path, config, cancellationToken).ConfigureAwait(false);
            removed.Add(path);
        }

        return new RegistryLoginResult(registry, null, removed, false, removed.Count > 0) { Notices = Listed(DockerConfigNotices.Logout(environment)) };
    }

    private static IReadOnlyList<CredentialNotice> Listed(CredentialNotice? notice) => notice is null ? [] : [notice];

    private static string? HelperFor(JsonObject config, string registry) =>
        (DockerConfigWriter.ObjectMember(config, "credHelpers", create: false) is { } helpers && helpers[registry] is JsonValue v
            && v.TryGetValue<string>(out var named) && named.Length > 0 ? named : null)
        ?? DockerConfigWriter.StringMember(config, "credsStore");

    private static async Task<bool> VerifyAsync(string registry, string username, string password, RemoteRepositoryOptions transport,
        CancellationToken cancellationToken)
    {
        var source = $"the login for user {username}";
        var options = new RemoteRepositoryOptions
        {
            Handler = transport.Handler,
            TlsDiagnostics = transport.TlsDiagnostics,
            PlainHttp = transport.PlainHttp,
            Log = transport.Log,
            RetryLog = transport.RetryLog,
            MaxRetries = transport.MaxRetries,
            RetryBaseDelay = transport.RetryBaseDelay,
            MaxRetryDelay = transport.MaxRetryDelay,
            RetryDeadline = transport.RetryDeadline,
            IdleTimeout = transport.IdleTimeout,
            Credentials = new StaticCredentialProvider(registry, RegistryCredential.Basic(username, password, source)),
        };
        using var client = new RegistryHttpClient(registry, string.Empty, options);
        var request = new RegistryRequest { Method = HttpMethod.Get, Uri = new Uri(client.Origin, "/v2/"), Scopes = [], Idempotent = true };
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.Unauthorized)
        {
            throw new TofuOciException(ErrorIds.Unauthorized, ErrorKind.Authentication,
                $"Login to {registry} failed: it rejected user {username} with the password or token given. Check both and try again; nothing was stored.",
                registry, ex, ex.RegistryErrors, 401);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            throw await client.ErrorAsync(response, request, null, "the login check (GET /v2/)", cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ValidateRegistry(string registry)
    {
        if (string.IsNullOrEmpty(registry) || !Oci.Reference.IsValidRegistry(registry))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"\"{registry}\" is not a registry host[:port], e.g. registry.example.com or localhost:5000.", registry);
        }
    }
}
