using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class PublishTargetMappingTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    private static PublishTargetRequest Create(string repository, (string, string, string?)? source = null, string? user = null, bool plainHttp = false,
        TofuOciConnection? connection = null, (string, string)? sourceCredential = null) =>
        PublishTargetMapping.Create(repository, source is { } s ? (s.Item1, s.Item2, s.Item3, connection) : null, user, user is null ? null : "s3cret",
            sourceCredential, plainHttp, p => Path.GetFullPath(p, Base));

    [Fact]
    public void Publishing_files_names_only_the_destination()
    {
        var request = Create("oci-layout:mirror");
        Assert.Null(request.Source);
        Assert.Equal("oci-layout:" + Path.Combine(Base, "mirror"), request.Destination.RepositoryText);
        Assert.Equal($"oci-layout:{Path.Combine(Base, "mirror")}:1.0.0_fips", request.DestinationText("1.0.0_fips"));
    }

    [Fact]
    public void A_piped_tag_is_the_source_and_Repository_stays_the_destination()
    {
        var request = Create("mirror.example.com/providers/aws", ("registry.example.com/providers/aws", "5.0.0", "5.0.0"));
        Assert.Equal("registry.example.com/providers/aws", request.Source!.RepositoryText);
        Assert.Equal("5.0.0", request.SourceTag);
        Assert.Equal("mirror.example.com/providers/aws", request.Destination.RepositoryText);
        Assert.StartsWith("Copying registry.example.com/providers/aws:5.0.0, read from repository providers/aws at registry registry.example.com (HTTPS; credentials: as tofu finds them), to mirror.example.com/providers/aws over HTTPS",
            request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_piped_tag_that_is_not_a_version_is_refused_before_any_work()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("mirror.example.com/aws", ("registry.example.com/aws", "latest", null)));
        Assert.Equal((ErrorIds.InvalidArgument, "registry.example.com/aws:latest"), (e.ErrorId, e.Target));
        Assert.Contains("-VersionOnly", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_a_version_onto_itself_is_refused()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("registry.example.com/aws", ("registry.example.com/aws", "1.0.0", "1.0.0")));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
    }

    [Fact]
    public void A_destination_with_a_tag_is_an_invalid_reference()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("registry.example.com/aws:1.0.0"));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
    }

    [Fact]
    public async Task The_cmdlets_parameters_are_for_the_destination_and_the_source_is_read_as_its_connection_says()
    {
        var listed = new TargetOptions
        {
            PlainHttpRegistries = new HashSet<string>(["localhost:5001"], StringComparer.OrdinalIgnoreCase),
            Transport = new RegistryTransportSettings { AllRegistries = new TlsSettings { CaFile = "/ca.pem" } },
        };
        var connection = ConnectionMapping.Capture(TargetAddress.Parse("localhost:5001/providers/aws"), listed,
            (RegistryCredential.Basic("bob", "source-pw", "-Credential"), "localhost:5001"));
        var request = Create("localhost:5000/mirror/aws", ("localhost:5001/providers/aws", "1.0.0", "1.0.0"), user: "alice", plainHttp: true, connection: connection);

        var destination = request.CreateTargetOptions(null);
        Assert.Equal(["localhost:5000"], destination.PlainHttpRegistries);
        Assert.Equal("alice", (await destination.Credentials.GetCredentialAsync("localhost:5000", "mirror/aws"))!.Username);
        Assert.Null(await destination.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"));

        var source = request.CreateSourceOptions(null);
        Assert.Equal(["localhost:5001"], source.PlainHttpRegistries);
        Assert.Equal("/ca.pem", source.Transport.For("localhost:5001").CaFile);
        Assert.Equal("bob", (await source.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"))!.Username);
        Assert.Null(await source.Credentials.GetCredentialAsync("localhost:5000", "mirror/aws"));
        Assert.DoesNotContain("s3cret", request.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("source-pw", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceCredential_replaces_the_carried_credential_for_the_source_only()
    {
        var connection = ConnectionMapping.Capture(TargetAddress.Parse("localhost:5001/providers/aws"), new TargetOptions(),
            (RegistryCredential.Basic("bob", "source-pw", "-Credential"), "localhost:5001"));
        var request = Create("oci-layout:copy", ("localhost:5001/providers/aws", "1.0.0", "1.0.0"), connection: connection, sourceCredential: ("carol", "other-pw"));

        var source = request.CreateSourceOptions(null);
        Assert.Equal("carol", (await source.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"))!.Username);
        Assert.Contains("user carol from -SourceCredential (-SourceCredential)", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_destination_needs_no_credential()
    {
        var request = Create("oci-layout:mirror", user: "alice");
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
    }
}
