using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// A provider source address <c>[hostname/]namespace/type</c>, normalised like OpenTofu's
/// <c>tfaddr.ParseProviderSource</c> (docs/opentofu-compatibility.md §1.1, §6): the hostname defaults to
/// <c>registry.opentofu.org</c>, everything is lowercased, <c>:443</c> is dropped.
/// </summary>
/// <remarks>
/// Deliberate differences: a single-part address (<c>aws</c>) is refused instead of being read as
/// <c>hashicorp/aws</c>, because a tool that installs by address must not guess; the legacy
/// namespace <c>-</c> is accepted only on the default host, as tfaddr does.
/// </remarks>
public sealed record ProviderAddress
{
    /// <summary>OpenTofu's default provider registry host.</summary>
    public const string DefaultHostname = ProviderAddressParts.DefaultHost;

    private const string RedundantPrefix = "terraform-";
    private const string UserErrorPrefix = "terraform-provider-";
    private const string LegacyNamespace = "-";

    private ProviderAddress(string hostname, string @namespace, string type)
    {
        Hostname = hostname;
        Namespace = @namespace;
        Type = type;
    }

    /// <summary>Normalised hostname, with <c>:port</c> when not 443.</summary>
    public string Hostname { get; }

    /// <summary>Normalised (lowercase) namespace.</summary>
    public string Namespace { get; }

    /// <summary>Normalised (lowercase) provider type, e.g. <c>aws</c>.</summary>
    public string Type { get; }

    /// <summary>The short form OpenTofu shows: <c>namespace/type</c> on the default host, else the full address.</summary>
    public string ForDisplay => Hostname == DefaultHostname ? $"{Namespace}/{Type}" : ToString();

    /// <summary>Parses an address; throws <see cref="ErrorIds.InvalidProviderAddress"/>.</summary>
    public static ProviderAddress Parse(string text) =>
        TryParse(text, out var address, out var problem) ? address! : throw Invalid(text, problem!);

    /// <summary>Parses without throwing; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out ProviderAddress? address, out string? problem)
    {
        address = null;
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            problem = parts.Length == 1 && parts[0].Length > 0
                ? $"give the namespace too, e.g. \"hashicorp/{parts[0]}\" (a provider address is [hostname/]namespace/type)"
                : "a provider address is [hostname/]namespace/type, e.g. \"hashicorp/aws\" or \"registry.opentofu.org/hashicorp/aws\"";
            return false;
        }

        var type = ProviderAddressParts.NormalizePart(parts[^1], out var why);
        if (type is null)
        {
            problem = $"invalid provider type \"{parts[^1]}\": {why}";
            return false;
        }

        var ns = parts[^2] == LegacyNamespace ? LegacyNamespace : ProviderAddressParts.NormalizePart(parts[^2], out why);
        if (ns is null)
        {
            problem = $"invalid provider namespace \"{parts[^2]}\": {why}";
            return false;
        }

        var host = DefaultHostname;
        if (parts.Length == 3)
        {
            host = ProviderAddressParts.NormalizeHost(parts[0], out why)!;
            if (host is null)
            {
                problem = $"invalid provider source hostname \"{parts[0]}\": {why}";
                return false;
            }
        }

        if (ns == LegacyNamespace && host != DefaultHostname)
        {
            problem = $"the legacy provider namespace \"-\" can be used only with hostname {DefaultHostname}";
            return false;
        }

        if (type.StartsWith(RedundantPrefix, StringComparison.Ordinal))
        {
            var suggested = type.StartsWith(UserErrorPrefix, StringComparison.Ordinal) ? type[UserErrorPrefix.Length..] : string.Empty;
            problem = ProviderAddressParts.NormalizePart(suggested, out _) is not null
                ? $"the type has the prefix \"{UserErrorPrefix}\", which provider source addresses do not include (it belongs to repository and executable names); did you mean \"{new ProviderAddress(host, ns, suggested).ForDisplay}\"?"
                : $"the type has the prefix \"{RedundantPrefix}\", which isn't allowed because it would be redundant";
            return false;
        }

        address = new ProviderAddress(host, ns, type);
        problem = null;
        return true;
    }

    /// <summary>Canonical <c>hostname/namespace/type</c>.</summary>
    public override string ToString() => $"{Hostname}/{Namespace}/{Type}";

    private static TofuOciException Invalid(string? text, string problem) =>
        new(ErrorIds.InvalidProviderAddress, ErrorKind.InvalidArgument,
            $"Invalid provider address \"{text}\": {problem}.", text);
}
