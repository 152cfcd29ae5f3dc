using System.Net.Sockets;
using System.Text.Json;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>File system failures reach the user as a typed error, never as a bare .NET exception.</summary>
public sealed class FileSystemErrorsTests
{
    [Fact]
    public void File_system_exceptions_become_FileAccessFailed_and_network_ones_ConnectionFailed()
    {
        var missing = FileSystemErrors.Translate(new FileNotFoundException("Could not find file '/x/y'.", "/x/y"));
        Assert.Equal((ErrorIds.FileAccessFailed, ErrorKind.InvalidOperation, "/x/y"), (missing.ErrorId, missing.Kind, missing.Target));
        Assert.Equal("Could not find file '/x/y'. Check that the path and its parent directories exist, that you may read and write there, and that the file system is not read-only or full.", missing.Message);

        var denied = FileSystemErrors.Translate(new UnauthorizedAccessException("Access to the path '/root/x' is denied."));
        Assert.Equal((ErrorIds.FileAccessFailed, ErrorKind.PermissionDenied), (denied.ErrorId, denied.Kind));

        var network = FileSystemErrors.Translate(new IOException("Unable to read data from the transport connection.", new SocketException(104)));
        Assert.Equal((ErrorIds.ConnectionFailed, ErrorKind.Connection), (network.ErrorId, network.Kind));
        Assert.False(FileSystemErrors.Handles(new InvalidOperationException()));
    }

    [Fact]
    public async Task An_install_into_a_path_below_a_file_exits_1_with_FileAccessFailed()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync("sample", $"oci-layout:{temp.Combine("mirror")}:1.0.0")).ExitCode);
        await File.WriteAllTextAsync(temp.Combine("a-file"), "not a directory");

        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64",
            "--repository", $"oci-layout:{temp.Combine("mirror")}", "--destination", temp.Combine("a-file", "providers"), "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("and that the file system is not read-only or full. [FileAccessFailed]" + Environment.NewLine, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal("FileAccessFailed", JsonDocument.Parse(run.Out).RootElement.GetProperty("error").GetProperty("id").GetString());
    }
}
