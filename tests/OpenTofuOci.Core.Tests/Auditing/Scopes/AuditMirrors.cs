using System.Diagnostics;
using OpenTofuOci.Core.Tests.Cli;

namespace OpenTofuOci.Core.Tests.Auditing.Scopes;

/// <summary>Mirrors to audit: real releases published with <c>tofu-oci provider publish</c>, broken with real tools.</summary>
internal static class AuditMirrors
{
    /// <summary>Publishes <paramref name="type"/> <paramref name="version"/> for <paramref name="platforms"/> into <paramref name="repository"/> (plain HTTP).</summary>
    public static async Task PublishAsync(TempDirectory dir, string repository, string type, string version, params string[] platforms)
    {
        var release = dir.Combine("releases", $"{type}-{version}-{Guid.NewGuid():N}");
        ReleaseFiles.Write(release, type, version, platforms);
        var result = await CliRunner.RunAsync("provider", "publish", release, "--repository", repository, "--plain-http");
        Assert.True(result.ExitCode == 0, result.Error);
    }

    /// <summary>
    /// <c>skopeo copy --all</c> of a tag onto itself: skopeo rewrites the index without <c>artifactType</c>
    /// and moves the tag to the rewrite (the typical way a provider mirror gets broken).
    /// </summary>
    public static async Task SkopeoCopyAllOntoItselfAsync(string reference)
    {
        var (exit, error) = await SkopeoAsync("copy", "--all", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{reference}", $"docker://{reference}");
        Assert.True(exit == 0, error);
    }

    /// <summary>The raw manifest a tag holds, as skopeo reads it.</summary>
    public static async Task<string> SkopeoInspectRawAsync(string reference)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "inspect", "--raw", "--tls-verify=false", $"docker://{reference}" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    private static async Task<(int ExitCode, string Error)> SkopeoAsync(params string[] args)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
