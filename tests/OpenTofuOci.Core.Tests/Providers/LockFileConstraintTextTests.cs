using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>The <c>constraints</c> text OpenTofu writes into lock files (getproviders.VersionConstraintsString).</summary>
public sealed class LockFileConstraintTextTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("= 1.0.0", "1.0.0")]
    [InlineData(">= 3.0", ">= 3.0.0")]
    [InlineData("~> 2", "~> 2.0")]
    [InlineData("~> 2.1", "~> 2.1")]
    [InlineData("~> 2.1.3", "~> 2.1.3")]
    [InlineData("< 2.0.0, >= 1.0", ">= 1.0.0, < 2.0.0")]
    [InlineData(">= 1.0, >= 1.0.0, >=1", ">= 1.0.0")]
    [InlineData("!= 1.5.0, ~> 1.2, > 1.0.0", "> 1.0.0, ~> 1.2, != 1.5.0")]
    [InlineData("<= 2.0.0, ~> 2.0.0, ~> 2.0, 2.0.0, >= 2.0.0, > 2.0.0", "> 2.0.0, >= 2.0.0, 2.0.0, ~> 2.0.0, ~> 2.0, <= 2.0.0")]
    [InlineData("1.0.0-beta.1", "1.0.0-beta.1")]
    public void Constraints_are_written_as_tofu_writes_them(string written, string expected) =>
        Assert.Equal(expected, LockFileConstraintText.Format(VersionConstraint.Parse(written)));

    [Fact]
    public void No_clauses_means_no_constraints_attribute() =>
        Assert.Null(LockFileConstraintText.Format(VersionConstraint.Any));
}
