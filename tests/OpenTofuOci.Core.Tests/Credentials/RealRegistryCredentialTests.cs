using System.Text.Json.Nodes;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>Discovered credentials, login and logout against a real docker-registry with htpasswd Basic auth.</summary>
public sealed class RealRegistryBasicCredentialTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    private RemoteRepository Repository(string name, ICredentialProvider credentials) =>
        new(Server.Address, name, new RemoteRepositoryOptions { PlainHttp = true, Credentials = credentials });

    private static string Unique(string name) => $"creds/{Guid.NewGuid().ToString("N")[..10]}/{name}";

    [Fact]
    public async Task Only_a_docker_config_json_is_needed_to_push_and_list()
    {
        using var root = new CredentialRoot();
        var path = root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, RegistryServer.Password)));
        var notices = new List<CredentialNotice>();
        var name = Unique("basic");
        using var repo = Repository(name, new DiscoveredCredentialProvider(root.Environment, notices.Add));
        await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
        Assert.Contains(notices, n => !n.IsWarning && n.Message ==
            $"Credentials for {Server.Address}/{name}: {path} entry for {Server.Address} (user tofu), matched auths[\"{Server.Address}\"] (domain).");
    }

    [Fact]
    public async Task A_wrong_password_in_the_file_names_the_entry_and_says_how_to_log_in()
    {
        using var root = new CredentialRoot();
        var path = root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, "Wrong-Pa55word")));
        var name = Unique("wrong");
        using var repo = Repository(name, new DiscoveredCredentialProvider(root.Environment));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.StartsWith($"Authentication to {Server.Address}/{name} failed: {Server.Address} rejected the credentials from {path} entry for {Server.Address} (user tofu). " +
            $"Check the user name and password or token there, or log in again with the login command for {Server.Address} with explicit credentials <user>;",
            ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Pa55word", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_credentials_the_error_says_anonymous_and_what_was_searched()
    {
        using var root = new CredentialRoot();
        var name = Unique("anon");
        using var repo = Repository(name, new DiscoveredCredentialProvider(root.Environment));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.StartsWith($"{Server.Address}/{name} requires authentication and no credentials were found for {Server.Address}; tried: anonymous (no credentials found for {Server.Address}/{name}); " +
            "no OpenTofu oci_credentials block and no Docker-style credentials file exists. " +
            $"Log in with the login command for {Server.Address} with explicit credentials <user>, pass a credential (explicit credentials)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_writes_the_entry_keeping_other_fields_then_logout_removes_only_it()
    {
        using var root = new CredentialRoot();
        var path = root.Write("home/.docker/config.json",
            "{\n  \"auths\": { \"other.example\": { \"auth\": \"" + CredentialRoot.Auth("o", "p") + "\" } },\n" +
            "  \"psFormat\": \"table {{.ID}}\",\n  \"HttpHeaders\": { \"X-Meta\": \"kept\" }\n}\n");
        var result = await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true });
        Assert.Equal(new RegistryLoginResult(Server.Address, RegistryServer.UserName, [path], true, true) with { Store = result.Store }, result);
        Assert.Equal([path], result.Store);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("table {{.ID}}", (string?)json["psFormat"]);
        Assert.Equal("kept", (string?)json["HttpHeaders"]!["X-Meta"]);
        Assert.Equal(CredentialRoot.Auth("o", "p"), (string?)json["auths"]!["other.example"]!["auth"]);
        Assert.Equal(CredentialRoot.Auth(RegistryServer.UserName, RegistryServer.Password), (string?)json["auths"]![Server.Address]!["auth"]);
        Assert.Empty(Layout.LayoutTempDirectory.TempFiles(Path.GetDirectoryName(path)!));

        using (var repo = Repository(Unique("login"), new DiscoveredCredentialProvider(root.Environment)))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "2.0.0");
            Assert.Equal(["2.0.0"], await repo.ListTagsAsync().ToListAsync());
        }

        var logout = await RegistryLogin.LogoutAsync(Server.Address, root.Environment);
        Assert.True(logout.Changed);
        Assert.Equal([path], logout.Store);
        json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.False(json["auths"]!.AsObject().ContainsKey(Server.Address));
        Assert.Equal("kept", (string?)json["HttpHeaders"]!["X-Meta"]);
        Assert.False((await RegistryLogin.LogoutAsync(Server.Address, root.Environment)).Changed);
    }

    [Fact]
    public async Task Login_through_a_symlinked_config_json_updates_the_target_and_keeps_the_link()
    {
        using var root = new CredentialRoot();
        var real = root.Write("dotfiles/docker-config.json", "{\"auths\":{}}");
        Directory.CreateDirectory(root.Path("home", ".docker"));
        var link = root.Path("home", ".docker", "config.json");
        File.CreateSymbolicLink(link, real);
        await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment, new RemoteRepositoryOptions { PlainHttp = true });
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal(CredentialRoot.Auth(RegistryServer.UserName, RegistryServer.Password), (string?)JsonNode.Parse(File.ReadAllText(real))!["auths"]![Server.Address]!["auth"]);
    }

    [Fact]
    public async Task A_rejected_login_stores_nothing_and_never_shows_the_password()
    {
        using var root = new CredentialRoot();
        Directory.CreateDirectory(root.Path("home", ".docker"));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, "Not-The-Pa55", root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true }));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal($"Login to {Server.Address} failed: it rejected user tofu with the password or token given. Check both and try again; nothing was stored.", ex.Message);
        Assert.DoesNotContain("Not-The-Pa55", ex.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(root.Path("home", ".docker", "config.json")));
    }

    [Fact]
    public async Task Login_and_logout_go_through_the_credsStore_helper()
    {
        using var root = new CredentialRoot();
        root.WriteStoringHelper("teststore");
        var path = root.Write("home/.docker/config.json", "{\"credsStore\":\"teststore\"}");
        var result = await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true });
        Assert.Equal(["credential helper docker-credential-teststore"], result.Store);
        Assert.Equal("{\"credsStore\":\"teststore\"}", File.ReadAllText(path));

        using (var repo = Repository(Unique("helper"), new DiscoveredCredentialProvider(root.Environment)))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "3.0.0");
            Assert.Equal(["3.0.0"], await repo.ListTagsAsync().ToListAsync());
        }

        var logout = await RegistryLogin.LogoutAsync(Server.Address, root.Environment);
        Assert.Equal(["credential helper docker-credential-teststore"], logout.Store);
        Assert.Equal(
            [$"store {{\"ServerURL\":\"https://{Server.Address}\",\"Username\":\"tofu\",\"Secret\":\"***\"}}", $"get https://{Server.Address}", $"erase https://{Server.Address}"],
            root.HelperLog("teststore"));
    }

    [Fact]
    public async Task A_credential_helper_with_nothing_stored_leaves_the_request_anonymous_and_the_error_says_so()
    {
        using var root = new CredentialRoot();
        root.WriteStoringHelper("empty");
        var path = root.Write("home/.docker/config.json", $"{{\"credHelpers\":{{\"{Server.Address}\":\"empty\"}}}}");
        using var repo = Repository(Unique("empty"), new DiscoveredCredentialProvider(root.Environment));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Contains($"tried: anonymous (credential helper docker-credential-empty (credHelpers[\"{Server.Address}\"] in {path}) has no credentials for {Server.Address})",
            ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Discovered credentials against a real docker-registry in token mode with the fixture's token service.</summary>
public sealed class RealRegistryTokenCredentialTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    private RemoteRepository Repository(string name, ICredentialProvider credentials) =>
        new(Server.Address, name, new RemoteRepositoryOptions { PlainHttp = true, Credentials = credentials });

    private static string Unique(string prefix) => $"{prefix}/{Guid.NewGuid().ToString("N")[..10]}";

    [Fact]
    public async Task Anonymous_pull_and_authenticated_push_with_only_a_config_json()
    {
        Server.Tokens!.AnonymousActions = ["pull"];
        using var withFile = new CredentialRoot();
        withFile.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, RegistryServer.Password)));
        var name = Unique("public");
        using (var repo = Repository(name, new DiscoveredCredentialProvider(withFile.Environment)))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        }

        using var empty = new CredentialRoot();
        using var anonymous = Repository(name, new DiscoveredCredentialProvider(empty.Environment));
        Assert.Equal(["1.0.0"], await anonymous.ListTagsAsync().ToListAsync());
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RealRegistryTests.PushArtifactAsync(anonymous, "2.0.0"));
        Assert.Contains($"tried: anonymous (no credentials found for {Server.Address}/{name})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_answers_the_token_challenge_on_v2_and_rejects_a_wrong_password_at_the_token_service()
    {
        using var root = new CredentialRoot();
        Directory.CreateDirectory(root.Path("home", ".docker"));
        var before = Server.Tokens!.Requests.Count;
        var result = await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true });
        Assert.True(result.Verified);
        var request = Assert.Single(Server.Tokens.Requests.Skip(before));
        Assert.Equal(("GET", RegistryServer.UserName), (request.Method, request.User));
        Assert.Empty(request.Scopes);
        using (var repo = Repository(Unique("login"), new DiscoveredCredentialProvider(root.Environment)))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        }

        using var other = new CredentialRoot();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, "Wrong-Token-Pa55", other.Environment,
            new RemoteRepositoryOptions { PlainHttp = true }));
        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.DoesNotContain("Wrong-Token-Pa55", ex.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(other.Path("home", ".docker", "config.json")));
    }

    [Fact]
    public async Task An_identitytoken_is_exchanged_with_the_refresh_token_grant()
    {
        Server.Tokens!.RefreshTokens["identity-rt-7"] = RegistryServer.UserName;
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", $"{{\"auths\":{{\"{Server.Address}\":{{\"auth\":\"\",\"identitytoken\":\"identity-rt-7\"}}}}}}");
        var before = Server.Tokens.Requests.Count;
        using var repo = Repository(Unique("refresh"), new DiscoveredCredentialProvider(root.Environment));
        await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
        var requests = Server.Tokens.Requests.Skip(before).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(("POST", "refresh_token"), (r.Method, r.GrantType)));
    }

    [Fact]
    public async Task Two_repositories_on_one_registry_get_the_credentials_of_their_most_specific_key()
    {
        var tokens = Server.Tokens!;
        tokens.Users["alice"] = "alice-Pa55";
        tokens.Users["bob"] = "bob-Pa55";
        tokens.UserRepositories["alice"] = ["team-a"];
        tokens.UserRepositories["bob"] = ["team-b"];
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson(
            ($"{Server.Address}/team-a", "alice", "alice-Pa55"),
            (Server.Address, "bob", "bob-Pa55")));
        var provider = new DiscoveredCredentialProvider(root.Environment);
        var before = tokens.Requests.Count;
        var a = $"team-a/{Guid.NewGuid().ToString("N")[..8]}";
        var b = $"team-b/{Guid.NewGuid().ToString("N")[..8]}";
        using (var repoA = Repository(a, provider))
        using (var repoB = Repository(b, provider))
        {
            await RealRegistryTests.PushArtifactAsync(repoA, "1.0.0");
            await RealRegistryTests.PushArtifactAsync(repoB, "1.0.0");
            Assert.Equal(["1.0.0"], await repoA.ListTagsAsync().ToListAsync());
            Assert.Equal(["1.0.0"], await repoB.ListTagsAsync().ToListAsync());
        }

        var requests = tokens.Requests.Skip(before).Where(r => r.User is not null).ToList();
        Assert.Contains(requests, r => r.User == "alice");
        Assert.Contains(requests, r => r.User == "bob");
        Assert.All(requests, r => Assert.All(r.Scopes, s => Assert.StartsWith(r.User == "alice" ? "repository:team-a/" : "repository:team-b/", s, StringComparison.Ordinal)));

        // The domain key alone (bob) cannot reach team-a: the repository key is what makes it work.
        using var bobOnly = new CredentialRoot();
        bobOnly.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, "bob", "bob-Pa55")));
        using var denied = Repository(a, new DiscoveredCredentialProvider(bobOnly.Environment));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => denied.ListTagsAsync().ToListAsync().AsTask());
        Assert.Contains(ex.ErrorId, new[] { ErrorIds.Unauthorized, ErrorIds.Denied });
        Assert.Contains("entry for " + Server.Address + " (user bob)", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// The issue's acceptance case in Core: HTTPS (trusting the fixture's private CA) with Basic auth and
/// credentials only in <c>~/.docker/config.json</c>: publish, list and install.
/// </summary>
public sealed class RealRegistryTlsCredentialTests(TlsBasicRegistryFixture fixture) : IClassFixture<TlsBasicRegistryFixture>
{
    [Fact]
    public async Task Publish_list_and_install_over_https_with_only_a_docker_config()
    {
        var server = fixture.Server;
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((server.Address, RegistryServer.UserName, RegistryServer.Password)));
        var options = new OpenTofuOci.Core.Oci.Targets.TargetOptions
        {
            Handler = TestCertificates.CreateTrustingHandler(server.CaCertificate!),
            Credentials = new DiscoveredCredentialProvider(root.Environment),
        };
        var address = OpenTofuOci.Core.Oci.Targets.TargetAddress.Parse($"{server.Address}/tls-creds/{Guid.NewGuid().ToString("N")[..8]}/hello");
        var target = OpenTofuOci.Core.Oci.Stores.TargetFactory.Open(address, options);
        var zips = await Providers.Installing.InstallTestMirror.PublishProviderAsync(target, "hello", "1.0.0", "linux_amd64");

        var tags = await OpenTofuOci.Core.Tags.TagQuery.ListAsync(target, address.RepositoryText);
        Assert.Equal(["1.0.0"], tags.Select(t => t.Tag));

        var result = await new Core.Providers.Installing.ProviderInstaller(Core.Providers.Installing.ProviderSourceResolver.ForRepository(address, options))
            .InstallAsync(new Core.Providers.Installing.ProviderInstallRequest
            {
                Providers = [Core.Providers.Installing.ProviderRequirement.AnyVersion(Core.Providers.ProviderAddress.Parse("example/hello"))],
                Platforms = [Core.Providers.ProviderPlatform.Parse("linux_amd64")],
                Destination = root.Path("plugins"),
            });
        var package = Assert.Single(result.Packages);
        Assert.Equal(Providers.Installing.InstallTestMirror.Zh(zips["linux_amd64"]), package.Zh);
        Assert.True(Directory.Exists(root.Path("plugins", "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64")));
    }
}
