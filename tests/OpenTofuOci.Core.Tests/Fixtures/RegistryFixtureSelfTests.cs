using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenTofuOci.Core.Tests.Fixtures;

/// <summary>
/// Proves each registry configuration really enforces what it claims, with a raw HttpClient, so
/// the client tests built on these fixtures test what they say.
/// </summary>
public sealed class RegistryFixtureSelfTests
{
    [Fact]
    public async Task PlainHttp_registry_answers_anonymously()
    {
        await using var r = await RegistryServer.StartAsync(RegistryMode.PlainHttp);
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://{r.Address}/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task Basic_registry_rejects_anonymous_and_wrong_password_and_accepts_the_right_one()
    {
        await using var r = await RegistryServer.StartAsync(RegistryMode.Basic);
        using var http = new HttpClient();
        var anonymous = await http.GetAsync($"http://{r.Address}/v2/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic realm=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendBasic(http, r, RegistryServer.UserName, "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendBasic(http, r, RegistryServer.UserName, RegistryServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Tls_registry_is_trusted_only_through_its_private_ca()
    {
        await using var r = await RegistryServer.StartAsync(RegistryMode.Tls);
        using (var trusting = new HttpClient(TestCertificates.CreateTrustingHandler(r.CaCertificate!)))
        {
            var ok = await trusting.GetAsync($"https://{r.Address}/v2/");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var plain = new HttpClient();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"https://{r.Address}/v2/"));
        Assert.Contains("SSL", ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Token_registry_challenges_with_its_realm_and_accepts_issued_tokens()
    {
        await using var r = await RegistryServer.StartAsync(RegistryMode.Token);
        using var http = new HttpClient();
        var url = $"http://{r.Address}/v2/probe/tags/list";
        var challenge = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var header = challenge.Headers.WwwAuthenticate.ToString();
        Assert.Contains($"realm=\"{r.Tokens!.Realm}\"", header, StringComparison.Ordinal);
        Assert.Contains("scope=\"repository:probe:pull\"", header, StringComparison.Ordinal);

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"{r.Tokens.Realm}?service={TokenServer.Service}&scope=repository:probe:pull");
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.UserName}:{RegistryServer.Password}")));
        var tokenResponse = await http.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        using var authorized = new HttpRequestMessage(HttpMethod.Get, url);
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await http.SendAsync(authorized);
        // Authorized: the repository simply does not exist yet.
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("NAME_UNKNOWN", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendBasic(HttpClient http, RegistryServer r, string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{r.Address}/v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http.SendAsync(request);
    }
}
