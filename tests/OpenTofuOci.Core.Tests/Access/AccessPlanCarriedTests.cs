using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>
/// A repository read again the way it was listed (an object piped between cmdlets): what was carried
/// applies to its own registry only, and the request's own options win.
/// </summary>
public sealed class AccessPlanCarriedTests
{
    private static readonly RegistryCredential Bob = RegistryCredential.Basic("bob", "Bob-s3cret", "the listing");

    private static RepositoryAccess Listed() =>
        new("localhost:5001", plainHttp: true, new TlsSettings { CaFile = "/ca.pem", ClientCertificateFile = "/c.pfx", ClientCertificatePassword = "pfx-pw" }, Bob);

    private static AccessPlan Reopen(string address, RepositoryAccess? carried, RegistryCredential? credential = null, bool plainHttp = false,
        TlsSettings? tls = null, string? credentialRegistry = null, bool skipCertificateCheck = false) =>
        AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput(address) { Carried = carried }],
            Credential = credential,
            CredentialRegistry = credentialRegistry,
            PlainHttp = plainHttp,
            Tls = tls ?? TlsSettings.None,
            SkipCertificateCheck = skipCertificateCheck,
            Environment = HermeticAccess.Environment(),
        });

    [Fact]
    public async Task The_repository_is_reached_as_it_was_listed()
    {
        var plan = Reopen("localhost:5001/providers/aws", Listed());
        var access = plan.AccessTo(plan.Repository);
        Assert.Equal(("localhost:5001", true, "/ca.pem", "/c.pfx", "pfx-pw"), (access.Registry, access.PlainHttp, access.Tls.CaFile, access.Tls.ClientCertificateFile, access.Tls.ClientCertificatePassword));
        Assert.Same(Bob, access.Credential);
        Assert.True(plan.CredentialCarried);
        Assert.Equal("bob", (await plan.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"))!.Username);
        Assert.Null(await plan.Credentials.GetCredentialAsync("localhost:5000", "providers/aws"));
        Assert.Equal(["localhost:5001"], plan.CreateTargetOptions(null, null).PlainHttpRegistries);
    }

    [Fact]
    public async Task The_requests_own_options_win()
    {
        var plan = Reopen("localhost:5001/providers/aws", Listed(), credential: Alice, tls: new TlsSettings { CaFile = "/other-ca.pem" }, skipCertificateCheck: true);
        var access = plan.AccessTo(plan.Repository);
        Assert.Equal(("/other-ca.pem", "/c.pfx", true), (access.Tls.CaFile, access.Tls.ClientCertificateFile, access.Tls.SkipVerify));
        Assert.Same(Alice, access.Credential);
        Assert.False(plan.CredentialCarried);
        Assert.Equal("alice", (await plan.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"))!.Username);
        var plain = Reopen("localhost:5001/p", new RepositoryAccess("localhost:5001", false, TlsSettings.None, null), plainHttp: true);
        Assert.True(plain.AccessTo(plain.Repository).PlainHttp);
    }

    [Fact]
    public async Task What_was_carried_for_another_registry_says_nothing_about_this_one()
    {
        var plan = Reopen("localhost:5000/providers/aws", Listed());
        var access = plan.AccessTo(plan.Repository);
        Assert.Equal((false, (string?)null, (RegistryCredential?)null), (access.PlainHttp, access.Tls.CaFile, access.Credential));
        Assert.Null(await plan.Credentials.GetCredentialAsync("localhost:5000", "providers/aws"));
    }

    [Fact]
    public void A_credential_registry_does_not_apply_to_a_carried_repository()
    {
        var plan = Reopen("localhost:5001/providers/aws", Listed(), credentialRegistry: "localhost:5001");
        Assert.Equal([new IgnoredOption(UserOption.CredentialRegistry, IgnoredReason.Carried)], plan.Ignored);
        Assert.Equal(["the credential registry option does not apply to a repository read again the way it was listed (an explicit credential goes to that repository's own registry) and was ignored."],
            plan.Warnings().Select(w => w.Text));
    }

    [Fact]
    public void A_carried_layout_needs_nothing()
    {
        var plan = Reopen("oci-layout:/m/aws", RepositoryAccess.Layout);
        Assert.Same(RepositoryAccess.Layout, plan.AccessTo(plan.Repository));
        Assert.Equal(("OCI image layout", RepositoryAccess.LayoutCredentialSource), (RepositoryAccess.Layout.ToString(), RepositoryAccess.Layout.CredentialSource));
    }

    [Fact]
    public void Only_a_requests_single_address_may_carry_its_access()
    {
        Assert.Throws<ArgumentException>(() => AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput("a.example/x:1", AddressUse.Artifact) { Carried = Listed() }, new AddressInput("b.example/y", AddressUse.Destination)],
            Environment = HermeticAccess.Environment(),
        }));
    }

    [Fact]
    public void A_repository_access_shows_how_and_never_a_secret()
    {
        var text = Listed().ToString();
        Assert.Equal("localhost:5001 (plain HTTP; CA /ca.pem; client certificate /c.pfx; credentials: user bob from the listing)", text);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-pw", text, StringComparison.Ordinal);
        Assert.Equal("as tofu finds them", new RepositoryAccess("r.example", false, TlsSettings.None, null).CredentialSource);
    }
}
