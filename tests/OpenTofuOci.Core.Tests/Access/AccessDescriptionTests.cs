using System.Text;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>What an access plan says it reaches, for verbose and debug output: how, with which credential source, never a secret.</summary>
public sealed class AccessDescriptionTests : IDisposable
{
    private const string Discovered = "as tofu finds them (oci_credentials blocks, credential helpers, Docker-style files such as ~/.docker/config.json); the source used is named when a registry asks for credentials";
    private readonly TempDirectory _home = new("tofuoci-access-home-");

    public void Dispose() => _home.Dispose();

    private static async Task<string> Describe(AccessPlan plan)
    {
        using var spelling = OptionSpelling.Use(OpenTofuOci.PowerShell.Infrastructure.PowerShellOptionSpelling.Instance);
        return (await plan.DescribeAsync(CancellationToken.None)).Text;
    }

    [Fact]
    public async Task A_layout_is_named_by_its_absolute_directory()
    {
        Assert.Equal($"the OCI image layout {Path.Combine(Location, "mirror")}", await Describe(Plan(["oci-layout:mirror"])));
    }

    [Fact]
    public async Task A_registry_repository_says_how_it_is_reached_and_which_source_tofu_would_use()
    {
        Assert.Equal("repository org/aws at registry ghcr.io over HTTPS; credentials: anonymous (no credentials found for ghcr.io/org/aws), as tofu would find; " +
            "pass -Credential or run Connect-TofuOciRegistry if the registry asks for a login", await Describe(Plan(["ghcr.io/org/aws"])));

        var config = Path.Combine(_home.Path, ".docker", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("from-file:File-s3cret"));
        await File.WriteAllTextAsync(config, "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");
        var found = await Describe(Plan(["registry.example.com/team/aws"], plainHttp: true, environment: HermeticAccess.Environment(_home.Path)));
        Assert.Equal($"repository team/aws at registry registry.example.com over plain HTTP (-PlainHttp); credentials: {config} entry for registry.example.com (user from-file), " +
            "matched auths[\"registry.example.com\"] (domain), as tofu would choose", found);
        Assert.DoesNotContain("s3cret", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_credential_and_tls_settings_are_named_without_their_secrets()
    {
        var tls = new TlsSettings { CaFile = "/etc/corp/ca.pem", ClientCertificateFile = "/c.pem", ClientKeyFile = "/c.key", ClientCertificatePassword = "Key-s3cret" };
        var text = await Describe(Plan(["registry.example.com/team/aws"], credential: Alice, tls: tls, skipCertificateCheck: true));
        Assert.Equal("repository team/aws at registry registry.example.com over HTTPS (CA certificates from /etc/corp/ca.pem trusted in addition to the system roots; " +
            "client certificate /c.pem with key /c.key; certificate verification OFF); credentials: user alice from the test for registry.example.com", text);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_carried_credential_says_where_it_came_from()
    {
        var plan = AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput("localhost:5001/p/aws") { Carried = new RepositoryAccess("localhost:5001", true, TlsSettings.None, RegistryCredential.Basic("bob", "Bob-s3cret", "-Credential")) }],
            Environment = HermeticAccess.Environment(),
        });
        Assert.Equal("repository p/aws at registry localhost:5001 over plain HTTP (-PlainHttp); credentials: user bob from -Credential, carried over from where the repository was listed",
            await Describe(plan));
    }

    [Fact]
    public async Task Templates_and_the_cli_configuration_name_the_credential_source_for_every_registry()
    {
        Assert.Equal($"the repositories the template registry.example.com/p/${{namespace}}/${{type}} maps provider addresses to, over plain HTTP (-PlainHttp); credentials: {Discovered}",
            await Describe(Plan(template: "registry.example.com/p/${namespace}/${type}", plainHttp: true, providers: ["hashicorp/aws"])));
        Assert.Equal("the repositories the oci_mirror blocks of the OpenTofu CLI configuration map provider addresses to, over HTTPS (certificate verification OFF); " +
            $"credentials: user alice from the test for r.example; other registries: {Discovered}",
            await Describe(Plan(credential: Alice, credentialRegistry: "r.example", skipCertificateCheck: true)));
    }

    [Fact]
    public async Task A_copy_describes_both_ends()
    {
        Assert.Equal($"the OCI image layout {Path.Combine(Location, "alpha")} and repository x at registry r.example over HTTPS; credentials: user alice from the test for r.example",
            await Describe(Plan(["oci-layout:alpha:1", "r.example/x"], credential: Alice, use: AddressUse.Destination)));
    }

    [Fact]
    public async Task A_registry_alone_is_described_without_credentials()
    {
        Assert.Equal("registry localhost:5000 over plain HTTP (-PlainHttp)", await Describe(Plan(["localhost:5000"], plainHttp: true, use: AddressUse.Registry)));
    }
}
