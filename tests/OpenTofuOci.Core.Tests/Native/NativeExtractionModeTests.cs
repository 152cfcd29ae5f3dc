using System.Text;
using System.Text.Json;
using OpenTofuOci.Core.Tests.Packages;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// Modes of extracted files follow the user's umask and are never group- or other-writable, whatever
/// the zip says: the native tofu-oci installs a real provider zip (published to an OCI layout) from a
/// shell with umask 077 and with umask 022.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeExtractionModeTests(NativeCliFixture native)
{
    [Theory]
    [InlineData("077", "700", "600", "600", "600", "700")]
    [InlineData("022", "755", "644", "644", "644", "755")]
    [InlineData("000", "755", "644", "644", "644", "755")]
    public void Installed_files_get_the_zip_modes_less_the_umask_and_never_group_or_other_write(
        string umask, string binary, string data, string link, string fat, string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var work = new TempDirectory();
        var release = work.Combine("dist");
        Directory.CreateDirectory(release);
        var zipName = ReleaseFiles.FileName("modes", "1.0.0", "linux_amd64");
        var zip = RawZip.Build(
        [
            RawEntry.Text("terraform-provider-modes_v1.0.0", "#!/bin/sh\necho modes\n", 0x81FF), // 0777
            RawEntry.Text("share/data.txt", "data\n", 0x81B6), // 0666
            RawEntry.Symlink("share/link", "data.txt"), // 0777 link
            RawEntry.Text("fat.txt", "no unix mode\n", 0),
        ]);
        File.WriteAllBytes(Path.Combine(release, zipName), zip);
        File.WriteAllText(Path.Combine(release, "terraform-provider-modes_1.0.0_SHA256SUMS"), $"{ReleaseFiles.Sha256Hex(zip)}  {zipName}\n");
        var layout = "oci-layout:" + work.Combine("layout");
        var published = native.Invoke("provider", "publish", release, "--repository", layout);
        Assert.True(published.ExitCode == 0, published.Error);

        var install = native.InvokeWithUmask(umask, new Dictionary<string, string?>(),
            "provider", "install", "example/modes", "--repository", layout, "--platform", "linux_amd64", "--destination", work.Combine("plugins"), "--json");

        Assert.True(install.ExitCode == 0, install.Error);
        var package = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages")[0].GetProperty("path").GetString()!;
        var modes = new StringBuilder();
        foreach (var name in new[] { "terraform-provider-modes_v1.0.0", "share/data.txt", "share/link", "fat.txt", "share" })
        {
            modes.Append(name).Append(' ').Append(Octal(File.GetUnixFileMode(Path.Combine(package, name)))).Append('\n');
        }

        Assert.Equal($"terraform-provider-modes_v1.0.0 {binary}\nshare/data.txt {data}\nshare/link {link}\nfat.txt {fat}\nshare {directory}\n", modes.ToString());
        Assert.Equal("data.txt", File.ReadAllText(Path.Combine(package, "share/link")));
        Assert.False(new FileInfo(Path.Combine(package, "share/link")).Attributes.HasFlag(FileAttributes.ReparsePoint));
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
