using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenTofuOci.TestFixtures;

/// <summary>
/// A Docker-style token service for a real docker-registry in token-auth mode: issues RS256 JWTs
/// whose header carries the signing certificate (x5c) that the registry trusts through its
/// rootcertbundle. GET with Basic credentials (or anonymous) and POST with a refresh token.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "test-registry";
    public const string Issuer = "test-issuer";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _signer;
    private readonly ConcurrentQueue<TokenRequest> _requests = new();

    private TokenServer(WebApplication app, X509Certificate2 signer)
    {
        _app = app;
        _signer = signer;
    }

    /// <summary>Users and their passwords.</summary>
    public ConcurrentDictionary<string, string> Users { get; } = new();

    /// <summary>Refresh tokens and the user they belong to.</summary>
    public ConcurrentDictionary<string, string> RefreshTokens { get; } = new();

    /// <summary>
    /// Repositories a user may access (exact names or <c>prefix/</c>…); users not listed may access every
    /// repository. Lets tests give two users one repository each on the same registry.
    /// </summary>
    public ConcurrentDictionary<string, string[]> UserRepositories { get; } = new();

    /// <summary>Actions anonymous callers get (e.g. "pull" for public reads); none by default.</summary>
    public string[] AnonymousActions { get; set; } = [];

    /// <summary>Narrows what a signed-in user is granted: (user, requested actions) → granted actions. Null grants all requested.</summary>
    public Func<string, string[], string[]>? Grant { get; set; }

    /// <summary>Every access token issued, so tests can check none leaks.</summary>
    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    /// <summary>The realm URL to put in the registry config.</summary>
    public string Realm { get; private set; } = string.Empty;

    /// <summary>The certificate whose PEM the registry must trust.</summary>
    public X509Certificate2 Signer => _signer;

    /// <summary>Every request the service answered, in order.</summary>
    public IReadOnlyCollection<TokenRequest> Requests => _requests;

    public static async Task<TokenServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TokenServer(app, TestCertificates.CreateTokenSigner());
        app.MapGet("/token", server.HandleGet);
        app.MapPost("/token", server.HandlePost);
        await app.StartAsync();
        var address = app.Urls.First();
        server.Realm = address.TrimEnd('/') + "/token";
        return server;
    }

    private async Task HandleGet(HttpContext context)
    {
        var q = context.Request.Query;
        string? user = null;
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..]));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            var (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
            _requests.Enqueue(new TokenRequest("GET", name, q["scope"].ToArray()!, null));
            if (!Users.TryGetValue(name, out var expected) || expected != password)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid username or password" } } });
                return;
            }

            user = name;
        }
        else
        {
            _requests.Enqueue(new TokenRequest("GET", null, q["scope"].ToArray()!, null));
        }

        var refresh = string.Equals(q["offline_token"], "true", StringComparison.Ordinal) && user is not null
            ? IssueRefreshToken(user)
            : null;
        await WriteTokenAsync(context, user, q["scope"].ToArray()!, refresh);
    }

    private async Task HandlePost(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var scopes = form["scope"].SelectMany(s => s!.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        _requests.Enqueue(new TokenRequest("POST", null, scopes, form["grant_type"].ToString()));
        if (form["grant_type"] != "refresh_token" || !RefreshTokens.TryGetValue(form["refresh_token"].ToString(), out var user))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid refresh token" } } });
            return;
        }

        await WriteTokenAsync(context, user, scopes, null);
    }

    private string IssueRefreshToken(string user)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        RefreshTokens[token] = user;
        return token;
    }

    private async Task WriteTokenAsync(HttpContext context, string? user, string[] scopes, string? refreshToken)
    {
        var access = new List<object>();
        foreach (var scope in scopes)
        {
            // repository:<name>:<actions>
            var parts = scope.Split(':');
            if (parts.Length != 3 || parts[0] != "repository")
            {
                continue;
            }

            var requested = parts[2].Split(',');
            var granted = user is not null ? Grant?.Invoke(user, requested) ?? requested : requested.Intersect(AnonymousActions).ToArray();
            if (user is not null && UserRepositories.TryGetValue(user, out var allowed)
                && !allowed.Any(a => parts[1] == a || parts[1].StartsWith(a + "/", StringComparison.Ordinal)))
            {
                granted = [];
            }

            access.Add(new { type = "repository", name = parts[1], actions = granted });
        }

        var token = CreateJwt(user ?? string.Empty, access);
        IssuedTokens.Enqueue(token);
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = 300,
            ["refresh_token"] = refreshToken,
        });
    }

    private string CreateJwt(string subject, List<object> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_signer.RawData) } };
        var payload = new
        {
            iss = Issuer,
            sub = subject,
            aud = Service,
            exp = now + 300,
            nbf = now - 10,
            iat = now,
            jti = Guid.NewGuid().ToString("N"),
            access,
        };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        using var rsa = _signer.GetRSAPrivateKey()!;
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64(signature);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signer.Dispose();
    }
}

/// <summary>One request the token service saw.</summary>
public sealed record TokenRequest(string Method, string? User, string[] Scopes, string? GrantType);
