using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>The access plan's credential rules: an explicit credential goes to exactly one registry, every other registry gets what tofu would find.</summary>
public sealed class AccessPlanCredentialTests
{
    private static async Task<string?> UserFor(AccessPlan plan, string registry, string repository = "team/aws") =>
        (await plan.Credentials.GetCredentialAsync(registry, repository))?.Username;

    [Fact]
    public async Task Without_a_credential_every_registry_gets_the_discovered_credentials()
    {
        var environment = HermeticAccess.Environment();
        var plan = Plan(["registry.example.com/team/aws"], environment: environment);
        Assert.Same(environment.DiscoveredCredentials, plan.Credentials);
        Assert.Null(plan.Credential);
        Assert.Null(await UserFor(plan, "registry.example.com"));
    }

    [Fact]
    public async Task The_credential_goes_to_the_one_registry_the_command_names()
    {
        var plan = Plan(["registry.example.com:5000/team/aws"], credential: Alice);
        Assert.Equal((Alice, "registry.example.com:5000"), (plan.Credential, plan.CredentialRegistry));
        Assert.Equal("alice", await UserFor(plan, "registry.example.com:5000"));
        Assert.Null(await UserFor(plan, "registry.example.com"));
        Assert.Null(await UserFor(plan, "evil.example.com"));
        Assert.IsType<ExplicitCredentialProvider>(plan.Credentials);
    }

    [Fact]
    public void A_credential_registry_the_command_does_not_name_is_refused()
    {
        var e = Refused(Request(["ghcr.io/org/aws"], credential: Alice, credentialRegistry: "evil.example.com"));
        Assert.Equal((ErrorIds.InvalidArgument, "evil.example.com"), (e.ErrorId, e.Target));
        Assert.Equal("the credential registry option evil.example.com is not one of the registries named on this command (ghcr.io); credentials are sent only to a registry the command names.", e.Message);
        Assert.Equal([UserOption.CredentialRegistry], e.NamedOptions);
    }

    [Fact]
    public async Task With_two_registries_the_credential_registry_picks_one()
    {
        var e = Refused(Request(["a.example/x:1", "b.example/y"], credential: Alice, use: AddressUse.Destination));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal("This command names 2 registries (a.example, b.example); say which one the credentials are for with the credential registry option.", e.Message);

        var plan = Plan(["a.example/x:1", "b.example/y"], credential: Alice, credentialRegistry: "B.example", use: AddressUse.Destination);
        Assert.Equal("alice", await UserFor(plan, "b.example"));
        Assert.Null(await UserFor(plan, "a.example"));
        Assert.Equal(["a.example", "b.example"], plan.Registries);
    }

    [Fact]
    public async Task A_template_that_names_its_registry_literally_is_where_the_credential_goes()
    {
        var plan = Plan(template: "registry.example.com/providers/${namespace}/${type}", credential: Alice, providers: ["hashicorp/aws"]);
        Assert.Equal(["registry.example.com"], plan.Registries);
        Assert.Equal("alice", await UserFor(plan, "registry.example.com", "providers/hashicorp/aws"));
        Assert.Null(await UserFor(plan, "other.example.com", "providers/hashicorp/aws"));

        var e = Refused(Request(template: "registry.example.com/providers/${namespace}/${type}", credential: Alice, credentialRegistry: "other.example.com",
            providers: ["hashicorp/aws"]));
        Assert.Equal((ErrorIds.InvalidArgument, "other.example.com"), (e.ErrorId, e.Target));
    }

    [Theory]
    [InlineData("${hostname}/providers/${namespace}/${type}", "The template \"${hostname}/providers/${namespace}/${type}\" does not name its registry literally")]
    [InlineData("{hostname}/providers/{namespace}/{type}", "The template \"{hostname}/providers/{namespace}/{type}\" does not name its registry literally")]
    [InlineData(null, "The registries come from the OpenTofu CLI configuration")]
    public async Task Without_a_literal_registry_the_credential_needs_a_credential_registry(string? template, string start)
    {
        var e = Refused(Request(template: template, credential: Alice, providers: ["hashicorp/aws"]));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal(start + ", so say which registry explicit credentials is for with the credential registry option <host[:port]>.", e.Message);

        var plan = Plan(template: template, credential: Alice, credentialRegistry: "registry.example.com", providers: ["hashicorp/aws"]);
        Assert.Null(plan.Registries);
        Assert.Equal("alice", await UserFor(plan, "registry.example.com"));
        Assert.Null(await UserFor(plan, "other.example.com"));
    }

    [Fact]
    public void A_credential_registry_that_is_not_a_registry_is_an_invalid_reference()
    {
        var e = Refused(Request(credential: Alice, credentialRegistry: "https://registry.example.com"));
        Assert.Equal((ErrorIds.InvalidReference, "https://registry.example.com"), (e.ErrorId, e.Target));
    }

    [Fact]
    public void A_credential_registry_without_a_credential_does_not_apply()
    {
        var plan = Plan(["ghcr.io/org/aws"], credentialRegistry: "ghcr.io");
        Assert.Equal([new IgnoredOption(UserOption.CredentialRegistry, IgnoredReason.NoCredential)], plan.Ignored);
        Assert.Equal(["the credential registry option does not apply without explicit credentials and was ignored."], plan.Warnings().Select(w => w.Text));
    }

    [Fact]
    public void Only_layout_directories_make_every_registry_option_not_apply()
    {
        var tls = new Core.Oci.Transport.TlsSettings { CaFile = "/ca.pem", ClientCertificateFile = "/c.pfx", ClientCertificatePassword = "pfx-pw" };
        var plan = Plan(["oci-layout:mirror"], credential: Alice, credentialRegistry: "ghcr.io", plainHttp: true, tls: tls, skipCertificateCheck: true);
        Assert.Equal([UserOption.Credential, UserOption.CredentialRegistry, UserOption.PlainHttp, UserOption.CaFile, UserOption.ClientCertificate,
            UserOption.ClientCertificatePassword, UserOption.SkipCertificateCheck], plan.NotApplicable);
        Assert.All(plan.Ignored, i => Assert.Equal(IgnoredReason.LayoutOnly, i.Reason));
        Assert.Same(AnonymousCredentialProvider.Instance, plan.Credentials);
        Assert.Null(plan.Credential);
        Assert.Empty(plan.PlainHttpRegistries);
        Assert.Empty(plan.Registries!);
        var warning = Assert.Single(plan.Warnings()).Text;
        Assert.Equal("explicit credentials, the credential registry option, the plain HTTP option, the CA file option, the client certificate option, " +
            "the client certificate password option and the skip certificate check option do not apply to an OCI image-layout directory (no registry is reached) and were ignored.",
            warning);
    }

    [Fact]
    public void Warnings_are_spelled_by_the_running_front_end()
    {
        var plan = Plan(["oci-layout:mirror"], credential: Alice, plainHttp: true);
        using (OptionSpelling.Use(OpenTofuOci.Cli.CliOptionSpelling.Instance))
        {
            Assert.Equal(["--username with --password-stdin and --plain-http do not apply to an OCI image-layout directory (no registry is reached) and were ignored."],
                plan.Warnings().Select(w => w.Text));
        }

        using (OptionSpelling.Use(OpenTofuOci.PowerShell.Infrastructure.PowerShellOptionSpelling.Instance))
        {
            Assert.Equal(["-Credential and -PlainHttp do not apply to an OCI image-layout directory (no registry is reached) and were ignored."],
                plan.Warnings().Select(w => w.Text));
        }
    }

    [Fact]
    public async Task A_copy_from_a_layout_to_a_registry_gives_the_credential_to_the_registry()
    {
        var plan = Plan(["oci-layout:/m:1.0.0", "registry.example.com/team/aws"], credential: Alice, plainHttp: true, use: AddressUse.Destination);
        Assert.Empty(plan.Ignored);
        Assert.Equal(["registry.example.com"], plan.Registries);
        Assert.Equal(["registry.example.com"], plan.PlainHttpRegistries);
        Assert.Equal("alice", await UserFor(plan, "registry.example.com"));
    }
}
