using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// A provider target platform <c>os_arch</c>, e.g. <c>linux_amd64</c>, matched exactly and
/// case-sensitively against index entries (docs/opentofu-compatibility.md §1.3 step 3).
/// </summary>
/// <param name="OS">Operating system, e.g. <c>linux</c>.</param>
/// <param name="Arch">Architecture, e.g. <c>amd64</c>.</param>
public sealed partial record ProviderPlatform(string OS, string Arch)
{
    /// <summary>Parses <c>os_arch</c> (two lowercase words of letters and digits); throws <see cref="ErrorIds.InvalidArgument"/>.</summary>
    public static ProviderPlatform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = PlatformPattern().Match(text);
        return m.Success
            ? new ProviderPlatform(m.Groups[1].Value, m.Groups[2].Value)
            : throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Invalid platform \"{text}\": write it as os_arch in lowercase, e.g. linux_amd64 or windows_arm64.", text);
    }

    /// <summary>OpenTofu's spelling, <c>os_arch</c>.</summary>
    public override string ToString() => $"{OS}_{Arch}";

    [GeneratedRegex("^([a-z0-9]+)_([a-z0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();
}
