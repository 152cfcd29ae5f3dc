using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>The access plan's plain HTTP and TLS rules, and the options it opens targets with.</summary>
public sealed class AccessPlanTransportTests
{
    [Fact]
    public void Plain_http_is_for_the_named_registries_or_every_registry_a_template_leads_to()
    {
        var named = Plan(["localhost:5000/providers/aws"], plainHttp: true).CreateTargetOptions(null, null);
        Assert.Equal(["localhost:5000"], named.PlainHttpRegistries);
        Assert.False(named.PlainHttp);
        var template = Plan(template: "${hostname}/p/${namespace}/${type}", plainHttp: true, providers: ["hashicorp/aws"]).CreateTargetOptions(null, null);
        Assert.Empty(template.PlainHttpRegistries);
        Assert.True(template.PlainHttp);
        Assert.True(Plan(plainHttp: true).PlainHttpEverywhere);
        var https = Plan(["localhost:5000/providers/aws"]).CreateTargetOptions(null, null);
        Assert.Empty(https.PlainHttpRegistries);
        Assert.False(https.PlainHttp);
    }

    [Fact]
    public void Ca_and_client_certificate_apply_to_every_registry_with_the_environments_variables()
    {
        var environment = HermeticAccess.Environment(variables: new Dictionary<string, string> { ["SSL_CERT_FILE"] = "/etc/ssl/corp.pem" });
        var tls = new TlsSettings { CaFile = "/etc/corp/ca.pem", ClientCertificateFile = "/home/u/client.pfx", ClientCertificatePassword = "pfx-pw" };
        var plan = Plan(["a.example/x:1", "b.example/y"], tls: tls, use: AddressUse.Destination, environment: environment);
        Assert.Equal(tls, plan.Transport.AllRegistries);
        Assert.Equal(tls, plan.Transport.For("b.example"));
        Assert.Empty(plan.Transport.Registries);
        Assert.Equal("/etc/ssl/corp.pem", plan.Transport.Environment.SslCertFile);
        Assert.Same(plan.Transport, plan.CreateTargetOptions(null, null).Transport);
    }

    [Fact]
    public void Skipping_the_certificate_check_is_for_the_named_registries_or_every_registry_a_template_leads_to()
    {
        var named = Plan(["test.example:5000/team/p"], skipCertificateCheck: true);
        Assert.False(named.Transport.AllRegistries.SkipVerify);
        Assert.True(named.Transport.For("test.example:5000").SkipVerify);
        Assert.False(named.Transport.For("other.example").SkipVerify);
        var template = Plan(template: "{hostname}/p/{namespace}/{type}", skipCertificateCheck: true, providers: ["hashicorp/aws"]);
        Assert.True(template.Transport.For("anything.example").SkipVerify);
    }

    [Fact]
    public void Opening_a_registry_without_verification_warns_through_the_sink_given_then()
    {
        var plan = Plan(["test.example:5000/team/p"], skipCertificateCheck: true);
        var warnings = new List<string>();
        var target = plan.Open(plan.Repository, null, warnings.Add);
        Assert.Equal("test.example:5000/team/p", target.DisplayName);
        Assert.Equal([TargetFactory.SkipVerifyWarning("test.example:5000")], warnings);
    }

    [Fact]
    public void The_log_sink_reaches_the_target_options()
    {
        var lines = new List<string>();
        Plan(["localhost:5000/r"]).CreateTargetOptions(lines.Add, null).Log!("GET /v2/ 200");
        Assert.Equal(["GET /v2/ 200"], lines);
    }

    [Theory]
    [InlineData(null, "/c.key")]
    [InlineData("registry.example.com", "/c.key")]
    public void A_client_key_without_a_client_certificate_is_refused(string? scopedTo, string key)
    {
        var tls = scopedTo is null ? new TlsSettings { ClientKeyFile = key } : TlsSettings.None;
        var scoped = scopedTo is null ? null : new Dictionary<string, TlsSettings> { [scopedTo] = new() { ClientKeyFile = key } };
        var e = Refused(Request(["registry.example.com/team/aws"], tls: tls, registryTls: scoped));
        Assert.Equal((ErrorIds.InvalidArgument, key), (e.ErrorId, e.Target));
        Assert.Equal("the client key option was given without the client certificate option; give the client certificate too.", e.Message);
    }

    [Fact]
    public void A_scoped_key_with_a_certificate_for_every_registry_is_accepted()
    {
        var plan = Plan(["registry.example.com/team/aws"], tls: new TlsSettings { ClientCertificateFile = "/c.pem" },
            registryTls: new Dictionary<string, TlsSettings> { ["registry.example.com"] = new() { ClientKeyFile = "/c.key" } });
        Assert.Equal(("/c.pem", "/c.key"), (plan.Transport.For("registry.example.com").ClientCertificateFile, plan.Transport.For("registry.example.com").ClientKeyFile));
    }

    [Fact]
    public void A_value_scoped_to_a_registry_the_command_does_not_name_is_refused()
    {
        var e = Refused(Request(["registry.example.com/team/aws"], registryTls: new Dictionary<string, TlsSettings> { ["other.example"] = new() { CaFile = "/ca.pem" } }));
        Assert.Equal((ErrorIds.InvalidArgument, "other.example"), (e.ErrorId, e.Target));
        Assert.Equal("the CA file option names other.example, which is not one of the registries of this command (registry.example.com).", e.Message);

        var layout = Refused(Request(["oci-layout:m"], registryTls: new Dictionary<string, TlsSettings> { ["other.example"] = new() { SkipVerify = true } }));
        Assert.Equal("the skip certificate check option names other.example, but this command reaches no registry.", layout.Message);

        // With a template or the CLI configuration the registries are known only per provider.
        Assert.True(Plan(registryTls: new Dictionary<string, TlsSettings> { ["other.example"] = new() { SkipVerify = true } }).Transport.For("other.example").SkipVerify);
    }
}
