using OpenTofuOci.PowerShell.Infrastructure;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class RepositoryCompletionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("completion").FullName;

    public RepositoryCompletionTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "mirror", "aws"));
        Directory.CreateDirectory(Path.Combine(_dir, "mirror", "azurerm"));
        Directory.CreateDirectory(Path.Combine(_dir, "modules"));
        File.WriteAllText(Path.Combine(_dir, "mirror", "a-file"), "");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("oci")]
    [InlineData("OCI-L")]
    public void The_layout_prefix_is_offered(string word) =>
        Assert.Equal(["oci-layout:"], RepositoryCompletion.Complete(word, _dir));

    [Fact]
    public void Registry_addresses_get_no_suggestions() =>
        Assert.Empty(RepositoryCompletion.Complete("ghcr.io/org", _dir));

    [Fact]
    public void Directories_relative_to_the_current_location_are_offered()
    {
        Assert.Equal(["oci-layout:mirror", "oci-layout:modules"], RepositoryCompletion.Complete("oci-layout:m", _dir));
        Assert.Equal(["oci-layout:mirror/aws", "oci-layout:mirror/azurerm"], RepositoryCompletion.Complete("'oci-layout:mirror/a", _dir));
        Assert.Empty(RepositoryCompletion.Complete("oci-layout:nowhere/x", _dir));
    }

    [Fact]
    public void Completions_with_spaces_are_quoted()
    {
        Assert.Equal("'oci-layout:my mirror'", RepositoryCompletion.Quote("oci-layout:my mirror"));
        Assert.Equal("'oci-layout:it''s'", RepositoryCompletion.Quote("oci-layout:it's"));
        Assert.Equal("oci-layout:mirror", RepositoryCompletion.Quote("oci-layout:mirror"));
    }
}
