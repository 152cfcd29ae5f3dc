using System.Collections.Concurrent;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>Integration tests against a real docker-registry 2.8.2 with htpasswd Basic auth.</summary>
public sealed class RealRegistryBasicAuthTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Valid_credentials_push_and_pull_with_a_single_challenge()
    {
        var log = new ConcurrentQueue<string>();
        using var repo = Server.Repository("it/basic", RegistryServer.ValidCredential, log.Enqueue);
        var (manifest, bytes, _, _) = await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(bytes, await ReadAllAsync(await repo.FetchAsync(await repo.ResolveAsync("1.0.0"))));
        Assert.Single(log, l => l.EndsWith(" 401", StringComparison.Ordinal));
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync(manifest.Digest)).Digest);
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized_after_at_most_one_retry()
    {
        var log = new ConcurrentQueue<string>();
        using var repo = Server.Repository("it/basic", RegistryCredential.Basic(RegistryServer.UserName, "not-the-password", "test wrong password"), log.Enqueue);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal(2, log.Count);
        Assert.All(log, l => Assert.EndsWith(" 401", l, StringComparison.Ordinal));
        Assert.Contains("test wrong password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_is_unauthorized_after_one_request()
    {
        var log = new ConcurrentQueue<string>();
        using var repo = Server.Repository("it/basic", log: log.Enqueue);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Single(log);
    }
}

/// <summary>Integration tests against a real docker-registry 2.8.2 with token auth and the fixture's token service.</summary>
public sealed class RealRegistryTokenAuthTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Basic_credentials_are_exchanged_for_scoped_tokens()
    {
        var log = new ConcurrentQueue<string>();
        var before = Server.Tokens!.Requests.Count;
        using var repo = Server.Repository("it/token-push", RegistryServer.ValidCredential, log.Enqueue);
        var (manifest, bytes, layer, layerBytes) = await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(bytes, await ReadAllAsync(await repo.FetchAsync(await repo.ResolveAsync("1.0.0"))));
        Assert.Equal(layerBytes, await ReadAllAsync(await repo.FetchAsync(layer)));

        var requests = Server.Tokens.Requests.Skip(before).ToList();
        Assert.All(requests, r => Assert.Equal(RegistryServer.UserName, r.User));
        // One token for pull (the first HEAD), one for pull+push; every later request reuses them.
        Assert.Equal(2, requests.Count);
        Assert.Contains(requests, r => r.Scopes.SequenceEqual(["repository:it/token-push:pull"]));
        Assert.Contains(requests, r => r.Scopes.SequenceEqual(["repository:it/token-push:pull,push"]));
        Assert.Single(log, l => l.EndsWith(" 401", StringComparison.Ordinal));
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("1.0.0")).Digest);
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized_with_one_token_request()
    {
        var log = new ConcurrentQueue<string>();
        var before = Server.Tokens!.Requests.Count;
        using var repo = Server.Repository("it/token-wrong", RegistryCredential.Basic(RegistryServer.UserName, "bad", "token test wrong password"), log.Enqueue);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal(1, Server.Tokens.Requests.Count - before);
        Assert.Single(log, l => l.Contains($"{Server.Address}/v2/", StringComparison.Ordinal));
        Assert.Contains("token test wrong password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_token_is_exchanged_by_post()
    {
        Server.Tokens!.RefreshTokens["it-refresh-token"] = RegistryServer.UserName;
        using (var writer = Server.Repository("it/token-refresh", RegistryServer.ValidCredential))
        {
            await RealRegistryTests.PushArtifactAsync(writer, "1.0.0");
        }

        var before = Server.Tokens.Requests.Count;
        using var reader = new RemoteRepository(Server.Address, "it/token-refresh", new RemoteRepositoryOptions
        {
            PlainHttp = true,
            Credentials = new StaticCredentialProvider(Server.Address, new RegistryCredential { RefreshToken = "it-refresh-token", Source = "refresh test" }),
        });
        Assert.Contains("1.0.0", await reader.ListTagsAsync().ToListAsync());
        var request = Assert.Single(Server.Tokens.Requests.Skip(before));
        Assert.Equal("POST", request.Method);
        Assert.Equal("refresh_token", request.GrantType);
    }

    [Fact]
    public async Task Mount_across_repositories_asks_for_pull_on_the_source()
    {
        using var source = Server.Repository("it/token-mount-src", RegistryServer.ValidCredential);
        using var target = Server.Repository("it/token-mount-dst", RegistryServer.ValidCredential);
        var bytes = RandomBytes(3000);
        var desc = Blob(bytes);
        await source.PushAsync(desc, new MemoryStream(bytes));

        var before = Server.Tokens!.Requests.Count;
        Assert.True(await target.MountAsync(desc, source.Repository));
        Assert.Contains(Server.Tokens.Requests.Skip(before), r =>
            r.Scopes.Contains("repository:it/token-mount-src:pull") && r.Scopes.Contains("repository:it/token-mount-dst:pull,push"));
        Assert.True(await target.ExistsAsync(desc));
    }
}
