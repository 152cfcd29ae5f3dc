using System.Management.Automation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>A TLS failure of a registry cmdlet becomes an error record in the cmdlets' words, without the password.</summary>
public sealed class TlsErrorRecordTests
{
    private const string Password = "ps-Pfx-Secret-991";

    [Fact]
    public async Task A_wrong_pfx_password_becomes_an_error_record_that_does_not_contain_it()
    {
        using var dir = new TempDirectory("tofuoci-ps-tls-");
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=ps-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = dir.Combine("client.pfx");
        await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pkcs12, "the-right-one"));
        var plan = TestPlans.For("test.example/team/p", dir.Path, Core.Credentials.RegistryCredential.Basic("alice", "reg-Pa55-991", "-Credential"),
            tls: new TlsSettings { ClientCertificateFile = pfx, ClientCertificatePassword = Password });

        TofuOciException e;
        string description;
        // As a cmdlet runs it (AsyncCmdletBase): Core's message names the cmdlet's parameter.
        using (OptionSpelling.Use(PowerShellOptionSpelling.Instance))
        {
            e = Assert.Throws<TofuOciException>(() => plan.Open(plan.Repository, null, null));
            description = (await plan.DescribeAsync(CancellationToken.None)).Text;
        }

        // Publishing files has no one input item, so the record names what Core names: the file.
        Assert.Equal(new ErrorRecordContent(ErrorIds.TlsFileInvalid, ErrorCategory.InvalidArgument, pfx,
            $"The client certificate (-ClientCertificatePath) \"{pfx}\" could not be read as PKCS#12 (PFX) with the password given: check the password and the file."),
            ErrorMapping.Describe(e));
        Assert.Contains($"client certificate {pfx}", description, StringComparison.Ordinal);
        foreach (var secret in new[] { Password, "reg-Pa55-991" })
        {
            Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, description, StringComparison.Ordinal);
        }
    }
}
