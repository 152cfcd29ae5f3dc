using OpenTofuOci.PowerShell.Infrastructure;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

// Directory listing itself is PowerShell's (CompletionCompleters.CompleteFilename): tests/pester/Pipelines.Tests.ps1
// completes real directories through TabExpansion2.
public sealed class RepositoryCompletionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("oci")]
    [InlineData("OCI-L")]
    [InlineData("'oci-l")]
    public void The_layout_prefix_is_offered(string word)
    {
        Assert.Null(RepositoryCompletion.LayoutPath(word, out var prefix));
        Assert.Equal(["oci-layout:"], prefix);
    }

    [Fact]
    public void Registry_addresses_get_no_suggestions()
    {
        Assert.Null(RepositoryCompletion.LayoutPath("ghcr.io/org", out var prefix));
        Assert.Empty(prefix!);
    }

    [Theory]
    [InlineData("oci-layout:m", "m")]
    [InlineData("'oci-layout:my dir/a", "my dir/a")]
    [InlineData("'oci-layout:it''s'", "it's")]
    [InlineData("oci-layout:", "")]
    public void The_path_after_the_prefix_is_completed(string word, string path)
    {
        Assert.Equal(path, RepositoryCompletion.LayoutPath(word, out var prefix));
        Assert.Null(prefix);
    }

    [Fact]
    public void Directory_completions_become_layout_addresses()
    {
        Assert.Equal(["oci-layout:./mirror", "oci-layout:my dir", "oci-layout:it's"],
            RepositoryCompletion.FromDirectories(["./mirror", "'my dir'", "'it''s'"]));
        Assert.Equal(RepositoryCompletion.MaxResults, RepositoryCompletion.FromDirectories(Enumerable.Range(0, 500).Select(i => $"d{i}")).Count);
    }

    [Fact]
    public void Completions_with_spaces_are_quoted()
    {
        Assert.Equal("'oci-layout:my mirror'", RepositoryCompletion.Quote("oci-layout:my mirror"));
        Assert.Equal("'oci-layout:it''s'", RepositoryCompletion.Quote("oci-layout:it's"));
        Assert.Equal("oci-layout:mirror", RepositoryCompletion.Quote("oci-layout:mirror"));
    }
}
