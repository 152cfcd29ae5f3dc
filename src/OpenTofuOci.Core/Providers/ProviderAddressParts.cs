using System.Globalization;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// Normalises the parts of a provider address like OpenTofu's <c>tfaddr.ParseProviderPart</c> and
/// <c>svchost.ForComparison</c>. Each method returns the normal form, or null and a reason.
/// </summary>
/// <remarks>
/// OpenTofu runs every part through the IDNA "lookup" profile (UTS #46), which lowercases and
/// NFKC-maps. Core runs with invariant globalization, where .NET has no UTS #46 mapping, so we
/// lowercase (full Unicode simple case mapping) and accept letters and digits of any script, but do
/// not NFKC-map: a part written with compatibility characters (e.g. full-width letters) keeps them.
/// Such addresses cannot become OCI repository names anyway.
/// </remarks>
internal static class ProviderAddressParts
{
    public const string DefaultHost = "registry.opentofu.org";

    /// <summary>A namespace or type: letters, digits and single dashes, no dots, no leading/trailing dash.</summary>
    public static string? NormalizePart(string given, out string? problem)
    {
        problem = null;
        if (given.Length == 0)
        {
            problem = "must have at least one character";
            return null;
        }

        if (given.Contains('.', StringComparison.Ordinal))
        {
            problem = "dots are not allowed";
            return null;
        }

        // tfaddr's own rule; it also keeps punycode's "xn--" prefix out.
        if (given.Contains("--", StringComparison.Ordinal))
        {
            problem = "cannot use multiple consecutive dashes";
            return null;
        }

        if (!IsLabel(given))
        {
            problem = "must contain only letters, digits, and dashes, and may not use leading or trailing dashes";
            return null;
        }

        return given.ToLowerInvariant();
    }

    /// <summary>A hostname with an optional port; <c>:443</c> is dropped as OpenTofu does.</summary>
    public static string? NormalizeHost(string given, out string? problem)
    {
        problem = null;
        var port = string.Empty;
        var colon = given.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var portText = given[(colon + 1)..];
            given = given[..colon];
            if (portText.Length == 0 || !portText.All(char.IsAsciiDigit)
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                problem = "port portion contains non-digit characters";
                return null;
            }

            if (number > 65535)
            {
                problem = "port number is greater than 65535";
                return null;
            }

            port = number == 443 ? string.Empty : ":" + number.ToString(CultureInfo.InvariantCulture);
        }

        if (given.Length == 0)
        {
            problem = "empty string is not a valid hostname";
            return null;
        }

        foreach (var label in given.Split('.'))
        {
            if (label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"hostname label \"{label}\" specified in punycode format; service hostnames must be given in unicode";
                return null;
            }

            if (!IsLabel(label))
            {
                problem = $"hostname label \"{label}\" must contain only letters, digits, and dashes, and may not use leading or trailing dashes";
                return null;
            }
        }

        return given.ToLowerInvariant() + port;
    }

    private static bool IsLabel(string label) =>
        label.Length > 0 && label[0] != '-' && label[^1] != '-'
        && label.All(c => c == '-' || char.IsAsciiLetterOrDigit(c) || (c > 127 && char.IsLetterOrDigit(c)));
}
