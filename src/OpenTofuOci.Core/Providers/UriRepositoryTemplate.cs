using System.Text;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// The <c>tofu providers lock -oci-mirror=…</c> form of a repository template: an RFC 6570 Level 1
/// URI template with <c>{hostname}</c>, <c>{namespace}</c>, <c>{type}</c> (docs/opentofu-compatibility.md §6).
/// Every byte of a value outside <c>[A-Za-z0-9-._~]</c> is percent-encoded with lowercase hex, so a
/// hostname with <c>:port</c> gives <c>%3a</c>, which then fails as a repository name, as in OpenTofu.
/// </summary>
/// <remarks>
/// Deliberate difference: RFC 6570 expands an unknown variable to nothing; we refuse it when the
/// template is read, because a silently empty path segment is never what was meant.
/// </remarks>
public sealed class UriRepositoryTemplate
{
    private readonly List<(string? Literal, string? Variable)> _parts;

    private UriRepositoryTemplate(string text, List<(string?, string?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Parses a Level 1 template; throws <see cref="ErrorIds.InvalidRepositoryTemplate"/>.</summary>
    public static UriRepositoryTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string?, string?)>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            var stray = text.IndexOf('}', i);
            if (stray >= 0 && (open < 0 || stray < open))
            {
                throw Invalid(text, $"the \"}}\" at character {stray + 1} has no matching \"{{\"");
            }

            if (open < 0)
            {
                parts.Add((text[i..], null));
                break;
            }

            if (open > i)
            {
                parts.Add((text[i..open], null));
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw Invalid(text, $"the \"{{\" at character {open + 1} has no matching \"}}\"");
            }

            var name = text[(open + 1)..close];
            if (!TemplateSymbols.All.Contains(name, StringComparer.Ordinal))
            {
                throw Invalid(text, name.Length > 0 && "+#./;?&=,!@|".Contains(name[0], StringComparison.Ordinal)
                    ? $"\"{{{name}}}\" uses an RFC 6570 operator; only Level 1 expressions {{hostname}}, {{namespace}} and {{type}} are supported"
                    : $"\"{{{name}}}\" is not available; only {{hostname}}, {{namespace}} and {{type}} are");
            }

            parts.Add((null, name));
            i = close + 1;
        }

        var template = new UriRepositoryTemplate(text, parts);
        var example = template.Expand(TemplateSymbols.Examples);
        if (RepositoryAddress.TrySplit(example, out var why) is null)
        {
            throw Invalid(text, $"it must give a registry hostname, a slash and a repository name; for example.com/example-namespace/example-type it gives \"{example}\": {why}");
        }

        return template;
    }

    /// <summary>The registry and repository for a provider; throws <see cref="ErrorIds.InvalidRepositoryAddress"/>.</summary>
    public (string Registry, string Repository) Map(ProviderAddress provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var result = Expand(TemplateSymbols.For(provider));
        return RepositoryAddress.TrySplit(result, out var why) ?? throw new TofuOciException(
            ErrorIds.InvalidRepositoryAddress, ErrorKind.InvalidArgument,
            $"Provider {provider} cannot be mapped to an OCI repository: -oci-mirror template \"{Text}\" gives \"{result}\", which is not a valid OCI repository address ({why}).",
            provider.ToString());
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private string Expand(IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder();
        foreach (var (literal, variable) in _parts)
        {
            if (literal is not null)
            {
                sb.Append(literal);
                continue;
            }

            foreach (var b in Encoding.UTF8.GetBytes(values[variable!]))
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('%').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return sb.ToString();
    }

    private static TofuOciException Invalid(string text, string problem) =>
        new(ErrorIds.InvalidRepositoryTemplate, ErrorKind.InvalidArgument,
            $"Invalid OCI mirror URI template \"{text}\": {problem}.", text);
}
