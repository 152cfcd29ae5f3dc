using System.Management.Automation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>The TLS parameters every registry cmdlet shares (-CertificateAuthorityPath, -ClientCertificatePath, -ClientKeyPath, -ClientCertificatePassword, -SkipCertificateCheck).</summary>
public sealed class TransportMappingTests
{
    private const string Password = "ps-Pfx-Secret-991";

    [Fact]
    public void No_tls_parameter_maps_to_the_defaults_and_no_verbose_line()
    {
        var request = TransportMapping.Create(null, null, null, null, false, ["ghcr.io"]);
        Assert.Same(TransportRequest.None, request);
        Assert.Same(RegistryTransportSettings.Default, request.Settings);
        Assert.Null(request.Describe());
    }

    [Fact]
    public void Ca_and_client_certificate_apply_to_every_registry_and_are_described_without_the_password()
    {
        var request = TransportMapping.Create("/etc/corp/ca.pem", "/home/u/client.pfx", null, Password, false, ["a.example", "b.example"]);
        Assert.Equal(new TlsSettings { CaFile = "/etc/corp/ca.pem", ClientCertificateFile = "/home/u/client.pfx", ClientCertificatePassword = Password },
            request.Settings.AllRegistries);
        Assert.Empty(request.Settings.Registries);
        Assert.Equal("TLS: CA certificates from /etc/corp/ca.pem are trusted in addition to the system roots; client certificate /home/u/client.pfx.", request.Describe());
        Assert.DoesNotContain(Password, request.Settings.AllRegistries.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SkipCertificateCheck_applies_only_to_the_registry_of_the_command()
    {
        var request = TransportMapping.Create(null, null, null, null, true, ["test.example:5000"]);
        Assert.False(request.Settings.AllRegistries.SkipVerify);
        Assert.True(request.Settings.For("test.example:5000").SkipVerify);
        Assert.False(request.Settings.For("other.example").SkipVerify);
        Assert.Equal("TLS: certificate verification is OFF for test.example:5000.", request.Describe());
    }

    [Fact]
    public void SkipCertificateCheck_with_a_template_applies_to_every_registry_reached()
    {
        var request = TransportMapping.Create(null, "/c.pem", "/c.key", null, true, null);
        Assert.True(request.Settings.For("anything.example").SkipVerify);
        Assert.Equal("TLS: client certificate /c.pem with key /c.key; certificate verification is OFF for every registry reached.", request.Describe());
    }

    [Fact]
    public void A_key_without_a_certificate_is_an_invalid_argument()
    {
        var e = Assert.Throws<TofuOciException>(() => TransportMapping.Create(null, null, "/c.key", null, false, null));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal("-ClientKeyPath was given without -ClientCertificatePath; give the client certificate too.", e.Message);
    }

    [Fact]
    public void The_request_passes_its_transport_and_the_warning_sink_to_the_target_options()
    {
        var tags = TagRequestMapping.Create("test.example:5000/team/p", null, null, false, null, false, p => p);
        tags.Transport = TransportMapping.Create(null, null, null, null, true, ["test.example:5000"]);
        var warnings = new List<string>();

        var target = TargetFactory.Open(tags.Address, tags.CreateTargetOptions(null, warnings.Add));

        Assert.Equal("test.example:5000/team/p", target.DisplayName);
        Assert.Equal([TargetFactory.SkipVerifyWarning("test.example:5000")], warnings);
        Assert.Same(tags.Transport.Settings, tags.CreateTargetOptions(null).Transport);
    }

    [Fact]
    public void A_wrong_pfx_password_becomes_an_error_record_that_does_not_contain_it()
    {
        var dir = Directory.CreateTempSubdirectory("tofuoci-ps-tls-");
        try
        {
            using var key = RSA.Create(2048);
            var req = new CertificateRequest("CN=ps-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var pfx = Path.Combine(dir.FullName, "client.pfx");
            File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12, "the-right-one"));
            var publish = PublishTargetMapping.Create("test.example/team/p", null, "alice", "reg-Pa55-991", null, false, p => p);
            publish.Transport = TransportMapping.Create(null, pfx, null, Password, false, ["test.example"]);

            TofuOciException e;
            // As a cmdlet runs it (AsyncCmdletBase): Core's message names the cmdlet's parameter.
            using (OptionSpelling.Use(PowerShellOptionSpelling.Instance))
            {
                e = Assert.Throws<TofuOciException>(() => TargetFactory.Open(publish.Destination, publish.CreateTargetOptions(null)));
            }

            // Publishing files has no one input item, so the record names what Core names: the file.
            var content = ErrorMapping.Describe(e);
            Assert.Equal(new ErrorRecordContent(ErrorIds.TlsFileInvalid, ErrorCategory.InvalidArgument, pfx,
                $"The client certificate (-ClientCertificatePath) \"{pfx}\" could not be read as PKCS#12 (PFX) with the password given: check the password and the file."), content);
            foreach (var secret in new[] { Password, "reg-Pa55-991" })
            {
                Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain(secret, publish.Describe(), StringComparison.Ordinal);
                Assert.DoesNotContain(secret, publish.Transport.Describe(), StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
