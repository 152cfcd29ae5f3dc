using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class PublishTargetMappingTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    private static PublishTargetRequest Create(string repository, (string, string, string?)? source = null, string? user = null, bool plainHttp = false) =>
        PublishTargetMapping.Create(repository, source, user, user is null ? null : "s3cret", plainHttp, p => Path.GetFullPath(p, Base));

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
        Assert.Contains("Copying registry.example.com/providers/aws:5.0.0 to mirror.example.com/providers/aws", request.Describe(), StringComparison.Ordinal);
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
    public async Task The_credential_is_for_the_destination_registry_and_plain_http_for_every_registry_named()
    {
        var request = Create("localhost:5000/mirror/aws", ("localhost:5001/providers/aws", "1.0.0", "1.0.0"), user: "alice", plainHttp: true);
        var options = request.CreateTargetOptions(null);
        Assert.Equal(["localhost:5000", "localhost:5001"], options.PlainHttpRegistries.Order());
        Assert.NotNull(await options.Credentials.GetCredentialAsync("localhost:5000", "mirror/aws"));
        Assert.Null(await options.Credentials.GetCredentialAsync("localhost:5001", "providers/aws"));
        Assert.DoesNotContain("s3cret", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_destination_needs_no_credential()
    {
        var request = Create("oci-layout:mirror", user: "alice");
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
    }
}
