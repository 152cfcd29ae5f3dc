using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// An <c>include</c>/<c>exclude</c> pattern of a <c>provider_installation</c> method
/// (docs/opentofu-compatibility.md §6): <c>[hostname/]namespace/type</c> where any whole segment may be
/// <c>*</c>; two segments imply <c>registry.opentofu.org</c>.
/// </summary>
/// <remarks>
/// As in OpenTofu, a wildcard may only be followed by wildcards (<c>*/aws</c> is refused: it would
/// match one type across all namespaces, which OpenTofu's pattern parser does not allow), and a
/// segment is either <c>*</c> or a literal (no <c>hashi*</c>).
/// </remarks>
public sealed record ProviderPattern
{
    /// <summary>The segment value meaning "any".</summary>
    public const string Wildcard = "*";

    private ProviderPattern(string hostname, string @namespace, string type, string text)
    {
        Hostname = hostname;
        Namespace = @namespace;
        Type = type;
        Text = text;
    }

    /// <summary>Normalised hostname or <see cref="Wildcard"/>.</summary>
    public string Hostname { get; }

    /// <summary>Normalised namespace or <see cref="Wildcard"/>.</summary>
    public string Namespace { get; }

    /// <summary>Normalised type or <see cref="Wildcard"/>.</summary>
    public string Type { get; }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern; throws <see cref="ErrorIds.InvalidProviderPattern"/>.</summary>
    public static ProviderPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            throw Invalid(text, "a provider pattern is [hostname/]namespace/type, where any part may be *, e.g. \"registry.opentofu.org/hashicorp/*\"");
        }

        var host = parts.Length == 3 ? parts[0] : ProviderAddress.DefaultHostname;
        var ns = parts[^2];
        var type = parts[^1];
        if ((host == Wildcard && ns != Wildcard) || (ns == Wildcard && type != Wildcard))
        {
            throw Invalid(text, "a * may only be followed by other *s, e.g. \"example.com/*/*\"");
        }

        if (host != Wildcard)
        {
            host = ProviderAddressParts.NormalizeHost(host, out var why) ?? throw Invalid(text, $"invalid hostname \"{host}\": {why}");
        }

        if (ns != Wildcard)
        {
            ns = ProviderAddressParts.NormalizePart(ns, out var why) ?? throw Invalid(text, $"invalid namespace \"{ns}\": {why}");
        }

        if (type != Wildcard)
        {
            type = ProviderAddressParts.NormalizePart(type, out var why) ?? throw Invalid(text, $"invalid type \"{type}\": {why}");
        }

        return new ProviderPattern(host, ns, type, text);
    }

    /// <summary>Parses every pattern of a list.</summary>
    public static IReadOnlyList<ProviderPattern> ParseAll(IEnumerable<string> texts) =>
        texts.Select(Parse).ToList();

    /// <summary>True when <paramref name="address"/> falls under this pattern.</summary>
    public bool Matches(ProviderAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Segment(Hostname, address.Hostname) && Segment(Namespace, address.Namespace) && Segment(Type, address.Type);
    }

    /// <summary>The normalised pattern <c>hostname/namespace/type</c>.</summary>
    public override string ToString() => $"{Hostname}/{Namespace}/{Type}";

    private static bool Segment(string pattern, string value) =>
        pattern == Wildcard || string.Equals(pattern, value, StringComparison.Ordinal);

    private static TofuOciException Invalid(string text, string problem) =>
        new(ErrorIds.InvalidProviderPattern, ErrorKind.InvalidArgument,
            $"Invalid provider pattern \"{text}\": {problem}.", text);
}
