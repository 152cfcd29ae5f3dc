using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process server for authentication paths a real registry cannot be made to show on demand:
/// a registry that rejects every credential forever, token endpoints whose requests we inspect
/// (scope, service, Basic, refresh-token form), insufficient_scope, and insecure realms.
/// </summary>
public class AuthFlowTests
{
    private const string User = "alice";
    private const string Password = "pa55-w0rd-secret";
    private const string SourceLabel = "docker config ~/.docker/config.json";

    private static readonly byte[] ManifestContent = ManifestBytes();
    private static readonly Descriptor ManifestDesc = Manifest(ManifestContent);

    private static Task ServeManifest(HttpContext ctx) =>
        WriteAsync(ctx, 200, ManifestContent, MediaTypes.ImageManifest, ManifestDesc.Digest);

    [Fact]
    public async Task Anonymous_success_never_asks_for_credentials()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => ServeManifest(ctx));
        var provider = new CountingProvider(RegistryCredential.Basic(User, Password, SourceLabel));
        using var repo = Open(server, provider);
        await repo.ResolveAsync("v1");
        Assert.Equal(0, provider.Calls);
        Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Basic_challenge_is_answered_once_then_sent_preemptively()
    {
        var expected = BasicValue(User, Password);
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Authorization") != expected)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"Registry Realm\"";
                return ErrorAsync(ctx, 401, "UNAUTHORIZED", "authentication required");
            }

            return ServeManifest(ctx);
        });
        var provider = new CountingProvider(RegistryCredential.Basic(User, Password, SourceLabel));
        using var repo = Open(server, provider);

        Assert.Equal(ManifestDesc.Digest, (await repo.ResolveAsync("v1")).Digest);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(ManifestContent, await ReadAllAsync(await repo.FetchAsync(ManifestDesc)));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([null, expected, expected], server.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task Registry_rejecting_credentials_forever_fails_fast_naming_the_source_not_the_secret()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"Registry Realm\"";
            return ErrorAsync(ctx, 401, "UNAUTHORIZED", "authentication required");
        });
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, RegistryCredential.Basic(User, Password, SourceLabel)));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal(ErrorKind.Authentication, ex.Kind);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(SourceLabel, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{server.Authority}/{Repo}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(BasicValue(User, Password)[6..], ex.ToString(), StringComparison.Ordinal);

        // Known to need Basic now: the next operation sends it at once and gives up after that one request.
        var again = await Assert.ThrowsAsync<TofuOciException>(() => repo.ExistsAsync(ManifestDesc));
        Assert.Equal(ErrorIds.Unauthorized, again.ErrorId);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Challenge_without_credentials_says_none_were_found()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"x\"";
            return WriteAsync(ctx, 401);
        });
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Contains("no credentials were found", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Forbidden_is_denied_with_the_credential_source()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => ErrorAsync(ctx, 403, "DENIED", "requested access to the resource is denied"));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.DeleteAsync(ManifestDesc));
        Assert.Equal(ErrorIds.Denied, ex.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal("DENIED", Assert.Single(ex.RegistryErrors).Code);
        Assert.Contains("no credentials found", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A registry answering Bearer challenges and the token endpoint it names, on one server.</summary>
    private sealed class TokenRegistry
    {
        public ConcurrentDictionary<string, string> IssuedScopes { get; } = new();
        public string? InsufficientUnless { get; init; }
        public bool RejectEverything { get; init; }
        public Func<string, bool> Grants { get; init; } = _ => true;
        public required Func<RecordedRequest, bool> TokenRequestValid { get; init; }
        private int _issued;

        public async Task HandleAsync(HttpContext ctx, RecordedRequest r, string baseUrl)
        {
            if (r.Path == "/token")
            {
                if (!TokenRequestValid(r))
                {
                    await ErrorAsync(ctx, 401, "UNAUTHORIZED", "bad credentials");
                    return;
                }

                var token = $"tok-{Interlocked.Increment(ref _issued)}";
                var scopes = r.Method == "POST"
                    ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(r.Body))["scope"].ToString()
                    : string.Join(' ', Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query)["scope"].ToArray());
                IssuedScopes[token] = string.Join(' ', scopes.Split(' ').Where(Grants));
                var field = r.Method == "POST" ? "access_token" : "token";
                await WriteAsync(ctx, 200, System.Text.Encoding.UTF8.GetBytes($"{{\"{field}\":\"{token}\",\"expires_in\":300}}"), "application/json");
                return;
            }

            var auth = r.Header("Authorization");
            var ok = auth is not null && auth.StartsWith("Bearer ", StringComparison.Ordinal) && IssuedScopes.ContainsKey(auth[7..]) && !RejectEverything;
            if (ok && InsufficientUnless is not null && !IssuedScopes[auth![7..]].Contains(InsufficientUnless, StringComparison.Ordinal))
            {
                ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{baseUrl}/token\",service=\"svc\",scope=\"{InsufficientUnless}\",error=\"insufficient_scope\"";
                await ErrorAsync(ctx, 401, "DENIED", "insufficient scope");
                return;
            }

            if (!ok)
            {
                ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{baseUrl}/token\",service=\"svc\",scope=\"repository:{Repo}:pull\"";
                await ErrorAsync(ctx, 401, "UNAUTHORIZED", "authentication required");
                return;
            }

            if (r.Method == "DELETE")
            {
                await WriteAsync(ctx, 202);
                return;
            }

            await ServeManifest(ctx);
        }
    }

    private static async Task<(InProcessServer Server, TokenRegistry Registry)> StartTokenRegistryAsync(TokenRegistry registry)
    {
        InProcessServer? server = null;
        server = await InProcessServer.StartAsync((ctx, r) => registry.HandleAsync(ctx, r, server!.BaseUrl));
        return (server, registry);
    }

    [Fact]
    public async Task Bearer_token_is_fetched_with_scope_service_and_basic_then_cached_per_scope()
    {
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = r => r.Header("Authorization") == BasicValue(User, Password) });
        await using var _ = server;
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, RegistryCredential.Basic(User, Password, SourceLabel)));

        await repo.ResolveAsync("v1");
        await repo.ResolveAsync("v1");
        await repo.DeleteAsync(ManifestDesc);

        var tokenRequests = server.RequestsTo("/token");
        Assert.Equal(2, tokenRequests.Count);
        Assert.All(tokenRequests, t => Assert.Equal("GET", t.Method));
        Assert.Equal("svc", tokenRequests[0].QueryValue("service"));
        Assert.Equal($"repository:{Repo}:pull", tokenRequests[0].QueryValue("scope"));
        Assert.Equal(BasicValue(User, Password), tokenRequests[0].Header("Authorization"));
        // The delete scope was asked for up front: the realm was already known.
        Assert.Equal($"repository:{Repo}:delete", tokenRequests[1].QueryValue("scope"));

        var registryRequests = server.RequestsTo("/v2/");
        Assert.Equal([null, "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"], registryRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Refresh_token_is_exchanged_with_a_post_form()
    {
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = r => r.Method == "POST" });
        await using var _ = server;
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, new RegistryCredential { RefreshToken = "refresh-xyz", Source = SourceLabel }));

        await repo.ResolveAsync("v1");

        var token = Assert.Single(server.RequestsTo("/token"));
        Assert.Equal("POST", token.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Header("Content-Type"), StringComparison.Ordinal);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(token.Body));
        Assert.Equal("refresh_token", form["grant_type"].ToString());
        Assert.Equal("svc", form["service"].ToString());
        Assert.Equal($"repository:{Repo}:pull", form["scope"].ToString());
        Assert.Equal("opentofuoci", form["client_id"].ToString());
        Assert.Equal("refresh-xyz", form["refresh_token"].ToString());
        Assert.Null(token.Header("Authorization"));
        Assert.Equal("Bearer tok-1", server.RequestsTo("/v2/")[^1].Header("Authorization"));
    }

    [Fact]
    public async Task Access_token_is_used_as_is_without_the_token_service()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Authorization") != "Bearer given-token")
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"http://127.0.0.1:1/token\",service=\"svc\"";
                return WriteAsync(ctx, 401);
            }

            return ServeManifest(ctx);
        });
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, new RegistryCredential { AccessToken = "given-token", Source = SourceLabel }));
        await repo.ResolveAsync("v1");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Bearer_rejected_forever_stops_after_one_retry()
    {
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = _ => true, RejectEverything = true });
        await using var _ = server;
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, RegistryCredential.Basic(User, Password, SourceLabel)));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal(2, server.RequestsTo("/v2/").Count);
        Assert.Single(server.RequestsTo("/token"));
        Assert.Contains(SourceLabel, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_at_the_token_service_is_unauthorized_naming_the_source()
    {
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = r => r.Header("Authorization") == BasicValue(User, Password) });
        await using var _ = server;
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, RegistryCredential.Basic(User, "wrong-password", SourceLabel)));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Single(server.RequestsTo("/v2/"));
        Assert.Single(server.RequestsTo("/token"));
        Assert.Contains(SourceLabel, ex.Message, StringComparison.Ordinal);
        Assert.Contains("token service", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insufficient_scope_gets_one_retry_with_the_wider_scope()
    {
        const string extra = "repository:other/thing:pull";
        var (server, registry) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = _ => true, InsufficientUnless = extra });
        await using var _ = server;
        using var repo = Open(server);

        await repo.ResolveAsync("v1");

        var tokens = server.RequestsTo("/token");
        Assert.Equal(2, tokens.Count);
        Assert.Equal($"repository:{Repo}:pull", tokens[0].QueryValue("scope"));
        Assert.Equal($"{extra},repository:{Repo}:pull", tokens[1].QueryValue("scope"));
        Assert.Equal(3, server.RequestsTo("/v2/").Count);
    }

    [Fact]
    public async Task Insufficient_scope_forever_is_retried_only_once()
    {
        const string extra = "repository:other/thing:pull";
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry
        {
            TokenRequestValid = _ => true,
            InsufficientUnless = extra,
            Grants = s => !s.Contains("other/thing", StringComparison.Ordinal),
        });
        await using var _ = server;
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal(3, server.RequestsTo("/v2/").Count);
        Assert.Equal(2, server.RequestsTo("/token").Count);
    }

    [Fact]
    public async Task Basic_credentials_are_not_sent_to_a_plain_http_realm_on_another_host()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"http://auth.example.invalid/token\",service=\"svc\"";
            return WriteAsync(ctx, 401);
        });
        using var repo = Open(server, new StaticCredentialProvider(server.Authority, RegistryCredential.Basic(User, Password, SourceLabel)));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.InsecureTokenRealm, ex.ErrorId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Mount_asks_for_pull_on_the_source_repository()
    {
        var (server, _) = await StartTokenRegistryAsync(new TokenRegistry { TokenRequestValid = _ => true });
        await using var _ = server;
        using var repo = Open(server);
        // The fake registry answers 200 to the POST, which is neither 201 nor 202: an error, but the token request is what counts here.
        await Assert.ThrowsAsync<TofuOciException>(() => repo.MountAsync(Blob([1, 2, 3]), "source/repo"));
        var token = Assert.Single(server.RequestsTo("/token"));
        var scopes = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(token.Query)["scope"].Select(s => s ?? "");
        Assert.Equal(["repository:source/repo:pull", $"repository:{Repo}:pull,push"], scopes);
    }
}
