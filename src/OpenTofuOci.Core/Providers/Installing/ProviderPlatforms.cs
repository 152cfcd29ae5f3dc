using System.Runtime.InteropServices;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>The platform names OpenTofu uses (Go's <c>GOOS_GOARCH</c>) for the running system.</summary>
public static class ProviderPlatforms
{
    /// <summary>
    /// This process's OS and architecture in OpenTofu's spelling, e.g. <c>linux_amd64</c> or
    /// <c>windows_arm64</c>: the default target, as <c>tofu init</c> installs for the machine it runs on.
    /// </summary>
    public static ProviderPlatform Current { get; } = new(CurrentOS(), Map(RuntimeInformation.OSArchitecture));

    /// <summary>The Go architecture name of a .NET architecture.</summary>
    internal static string Map(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm or Architecture.Armv6 => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static string CurrentOS() =>
        OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "linux";
}
