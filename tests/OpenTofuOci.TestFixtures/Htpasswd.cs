using System.Diagnostics;

namespace OpenTofuOci.TestFixtures;

/// <summary>Makes bcrypt htpasswd entries with Debian's <c>htpasswd</c> (apache2-utils), which tests/run.sh installs.</summary>
public static class Htpasswd
{
    public static async Task<string> EntryAsync(string user, string password)
    {
        var psi = new ProcessStartInfo("htpasswd") { ArgumentList = { "-Bbn", user, password }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("htpasswd did not start; install apache2-utils");
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("htpasswd failed: " + await p.StandardError.ReadToEndAsync());
        }

        return output.Trim() + "\n";
    }
}
