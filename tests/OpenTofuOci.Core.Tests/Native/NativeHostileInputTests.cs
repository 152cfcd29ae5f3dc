using System.Text;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// Hostile local files given to the native tofu-oci end in an error line and a normal exit code, never
/// in a crash: a stack overflow aborts the process with SIGABRT (exit 134) and no message.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeHostileInputTests(NativeCliFixture native)
{
    private const string Deep = "nested more than 64 levels deep — flatten the file: lock files and CLI configurations never nest this deep, so it is likely damaged or hostile";

    [Fact]
    public void A_lock_file_nested_100000_levels_deep_is_an_invalid_lock_file_error_with_its_position()
    {
        using var work = new TempDirectory();
        var lockFile = work.Combine(".terraform.lock.hcl");
        File.WriteAllText(lockFile, "provider \"registry.opentofu.org/a/b\" {\n  hashes = " + Repeat("[", 100_000) + "\n}\n");

        var result = native.Invoke("provider", "lock", "a/b", "--repository", "oci-layout:" + work.Combine("layout"), "--lock-file", lockFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {lockFile}:2:75: Invalid lock file syntax: {lockFile}:2:75: this list is {Deep} [InvalidLockFile]\n", result.Error);
    }

    [Theory]
    [InlineData("c.tfrc", "65:12: this block is ")]
    [InlineData("c.tfrc.json", "1:245: this object is ")]
    public void A_cli_configuration_nested_100000_levels_deep_is_an_invalid_configuration_error_with_its_position(string name, string where)
    {
        using var work = new TempDirectory();
        var config = work.Combine(name);
        File.WriteAllText(config, name.EndsWith(".json", StringComparison.Ordinal)
            ? "{\"provider_installation\": " + Repeat("[{\"x\": ", 100_000)
            : "provider_installation {\n" + Repeat("oci_mirror {\n", 100_000));

        var result = native.Invoke(new Dictionary<string, string?> { ["TF_CLI_CONFIG_FILE"] = config },
            "provider", "install", "a/b", "--destination", work.Combine("plugins"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: Failed to parse CLI configuration: {config}:{where}{Deep} [InvalidCliConfiguration]\n", result.Error);
        Assert.False(Directory.Exists(work.Combine("plugins")));
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();
}
