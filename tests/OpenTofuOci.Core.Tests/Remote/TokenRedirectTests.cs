using System.Text;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process token services that redirect the refresh-token POST, which no real registry does on
/// demand: the form carries the refresh token, so it must never be resent to another origin.
/// </summary>
public class TokenRedirectTests
{
    private const string Secret = "refresh-secret-4711";

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Refresh_token_post_redirected_by_an_in_process_token_service_to_another_origin_is_not_resent(int status)
    {
        await using var thief = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Encoding.UTF8.GetBytes("{\"token\":\"stolen\"}"), "application/json"));
        InProcessServer? registry = null;
        registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Path == "/token")
            {
                // localhost is another origin than 127.0.0.1, although the same machine.
                ctx.Response.Headers.Location = $"http://localhost:{thief.Port}/steal";
                return WriteAsync(ctx, status);
            }

            ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{registry!.BaseUrl}/token\",service=\"svc\"";
            return WriteAsync(ctx, 401);
        });
        await using var _ = registry;
        using var repo = Open(registry, new StaticCredentialProvider(registry.Authority, new RegistryCredential { RefreshToken = Secret, Source = "test" }));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));

        Assert.Empty(thief.Requests);
        Assert.Equal(ErrorCode.InsecureRedirect, ex.Code);
        Assert.Equal(
            $"The token service {registry.Authority} redirected the refresh-token request (POST {registry.BaseUrl}/token) to another origin (http://localhost:{thief.Port}/steal); " +
            "the refresh token was not sent there. Ask the registry's operator to serve the token endpoint without a cross-origin redirect, or log in with a user name and password.",
            ex.Message);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }
}
