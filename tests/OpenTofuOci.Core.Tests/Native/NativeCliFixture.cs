using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The ahead-of-time compiled <c>tofu-oci</c> (docs/design.md "Native tofu-oci"): the path in
/// <c>TOFU_OCI_NATIVE</c> when tests/run.sh built it already, otherwise published here once, so the
/// binary we ship is exercised by every test run.
/// </summary>
public sealed class NativeCliFixture : IDisposable
{
    private readonly string? _ownDirectory;

    public NativeCliFixture()
    {
        var given = Environment.GetEnvironmentVariable("TOFU_OCI_NATIVE");
        if (!string.IsNullOrEmpty(given))
        {
            Executable = Path.GetFullPath(given);
            return;
        }

        _ownDirectory = Path.Combine(Path.GetTempPath(), "tofuoci-native-" + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(RepositoryRoot(), "src", "OpenTofuOci.Cli");
        var publish = Run("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-o", _ownDirectory], TimeSpan.FromMinutes(10));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish -p:PublishAot=true failed ({publish.ExitCode}):\n{publish.Out}\n{publish.Error}");
        }

        Executable = Path.Combine(_ownDirectory, OperatingSystem.IsWindows() ? "tofu-oci.exe" : "tofu-oci");
    }

    /// <summary>The native executable.</summary>
    public string Executable { get; }

    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>Runs the native tofu-oci with <paramref name="args"/>.</summary>
    public Result Invoke(params string[] args) => Run(Executable, args, TimeSpan.FromMinutes(2));

    /// <summary>Runs the native tofu-oci with <paramref name="args"/> and these environment variables set (null removes one).</summary>
    public Result Invoke(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Run(Executable, args, TimeSpan.FromMinutes(2), environment);

    /// <summary>
    /// Runs the native tofu-oci from a shell that first sets the file mode creation mask to
    /// <paramref name="umask"/> (e.g. "077"), as a user's login shell would.
    /// </summary>
    public Result InvokeWithUmask(string umask, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Run("/bin/sh", ["-c", $"umask {umask} && exec \"$0\" \"$@\"", Executable, .. args], TimeSpan.FromMinutes(2), environment);

    public void Dispose()
    {
        if (_ownDirectory is not null && Directory.Exists(_ownDirectory))
        {
            Directory.Delete(_ownDirectory, recursive: true);
        }
    }

    private static Result Run(string file, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenTofuOci.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpenTofuOci.slnx not found above " + AppContext.BaseDirectory);
    }
}
