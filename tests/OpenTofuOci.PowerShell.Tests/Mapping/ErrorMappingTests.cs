using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Infrastructure;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(ErrorKind.NotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(ErrorKind.Authentication, ErrorCategory.AuthenticationError)]
    [InlineData(ErrorKind.PermissionDenied, ErrorCategory.PermissionDenied)]
    [InlineData(ErrorKind.InvalidData, ErrorCategory.InvalidData)]
    [InlineData(ErrorKind.Connection, ErrorCategory.ConnectionError)]
    [InlineData(ErrorKind.InvalidArgument, ErrorCategory.InvalidArgument)]
    [InlineData(ErrorKind.InvalidOperation, ErrorCategory.InvalidOperation)]
    [InlineData(ErrorKind.ResourceExists, ErrorCategory.ResourceExists)]
    [InlineData(ErrorKind.OperationStopped, ErrorCategory.OperationStopped)]
    public void Each_kind_has_its_category(ErrorKind kind, ErrorCategory category) =>
        Assert.Equal(category, ErrorMapping.CategoryFor(kind));

    [Fact]
    public void Every_kind_is_mapped_to_a_specific_category()
    {
        // A kind added to Core without a mapping here would otherwise show up as NotSpecified.
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            Assert.NotEqual(ErrorCategory.NotSpecified, ErrorMapping.CategoryFor(kind));
        }
    }

    [Fact]
    public void The_record_carries_the_error_id_and_the_input_item_as_its_target()
    {
        var e = new TofuOciException(ErrorIds.ConnectionFailed, ErrorKind.Connection, "Could not connect to localhost:5000.", "localhost:5000");
        var content = ErrorMapping.Describe(e, item: "localhost:5000/team/repo");
        Assert.Equal(new ErrorRecordContent("ConnectionFailed", ErrorCategory.ConnectionError, "localhost:5000/team/repo", "Could not connect to localhost:5000."), content);
    }

    [Fact]
    public void Without_an_item_the_exception_target_is_the_target()
    {
        var e = new TofuOciException(ErrorIds.Unauthorized, ErrorKind.Authentication, "Log in with -Credential.", "ghcr.io/org/repo");
        Assert.Equal("ghcr.io/org/repo", ErrorMapping.Describe(e).TargetObject);
        Assert.Null(ErrorMapping.Describe(new TofuOciException(ErrorIds.ConnectionFailed, ErrorKind.Connection, "Could not connect.")).TargetObject);
    }

    [Fact]
    public void A_failed_provider_is_reported_with_its_address_as_the_target_not_the_exceptions()
    {
        // The error of one provider among several (Install-TofuProvider -Source a, b): scripts tell
        // the failures apart by TargetObject, so it is the provider address, whatever the error's own target.
        var e = new TofuOciException(ErrorIds.ProviderNotFound, ErrorKind.NotFound, "Provider registry.opentofu.org/example/missing is not in the OCI mirror.", "127.0.0.1:5000/example/missing");
        var failure = new OpenTofuOci.Core.Providers.Installing.ProviderFailure(OpenTofuOci.Core.Providers.ProviderAddress.Parse("example/missing"), e);

        Assert.Equal(
            new ErrorRecordContent("ProviderNotFound", ErrorCategory.ObjectNotFound, "registry.opentofu.org/example/missing", "Provider registry.opentofu.org/example/missing is not in the OCI mirror."),
            ErrorMapping.Describe(failure));
        Assert.NotNull(ErrorMapping.ToErrorRecord(failure));
    }

    [Fact]
    public void An_error_record_can_be_built_without_a_host()
    {
        // Only checks that construction does not need a runspace; the SDK stub keeps no values.
        var record = ErrorMapping.ToErrorRecord(new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, "m", "t"));
        Assert.NotNull(record);
    }
}
