using System.Text;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// The <c>repository_template</c> of an <c>oci_mirror</c> block: maps a provider address to an OCI
/// registry and repository, checked with every load-time rule of docs/opentofu-compatibility.md §6.
/// </summary>
/// <remarks>
/// <para>Only literal text, <c>${hostname}</c>, <c>${namespace}</c>, <c>${type}</c> (spaces and
/// <c>~</c> strip markers allowed) and the <c>$${</c>/<c>%%{</c> escapes are supported. OpenTofu
/// evaluates full HCL expressions, but with three string symbols and no functions nothing else
/// produces a useful repository name, so anything else is <see cref="ErrorIds.UnsupportedTemplateExpression"/>.</para>
/// <para>Deliberate difference (§8.30): a template whose result has no <c>/</c> passes OpenTofu's
/// validation but fails at every install; we refuse it when the template is read.</para>
/// <para>Kept from OpenTofu (§8.29): the "exactly one" check ignores wildcard include values, so
/// <c>include = ["example.com/*/*", "example.com/foo/bar"]</c> lets the template omit namespace and type.</para>
/// </remarks>
public sealed class RepositoryTemplate
{
    private readonly List<RepositoryTemplateParser.Part> _parts;

    private RepositoryTemplate(string text, List<RepositoryTemplateParser.Part> parts)
    {
        Text = text;
        _parts = parts;
        Symbols = parts.Where(p => p.Symbol is not null).Select(p => p.Symbol!).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The symbols the template refers to, in first-use order.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>
    /// Parses and validates a template against the block's <c>include</c> patterns (none: every symbol is required).
    /// Throws <see cref="ErrorIds.InvalidRepositoryTemplate"/> or <see cref="ErrorIds.UnsupportedTemplateExpression"/>.
    /// </summary>
    public static RepositoryTemplate Parse(string text, IReadOnlyList<ProviderPattern>? include = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw Invalid(text, "\"repository_template\" argument is required; give e.g. \"example.com/opentofu-providers/${namespace}/${type}\"");
        }

        var parts = RepositoryTemplateParser.Parse(text, out var problem) ?? throw Invalid(text, problem!);
        var unsupported = parts.Where(p => p.Unsupported is not null).Select(p => p.Unsupported!).ToList();
        if (unsupported.Count > 0)
        {
            throw new TofuOciException(ErrorIds.UnsupportedTemplateExpression, ErrorKind.InvalidArgument,
                $"Invalid oci_mirror repository template \"{text}\": {string.Join(", ", unsupported.Select(u => $"\"{u}\""))} {(unsupported.Count == 1 ? "is" : "are")} not supported in repository_template. "
                + "Only literal text, the interpolations ${hostname}, ${namespace} and ${type}, and the escapes $${ and %%{ are supported.",
                text);
        }

        var template = new RepositoryTemplate(text, parts);
        var errors = template.Symbols
            .Where(s => !TemplateSymbols.All.Contains(s, StringComparer.Ordinal))
            .Select(s => $"the symbol \"{s}\" is not available for an OCI mirror repository address template. Only \"hostname\", \"namespace\", and \"type\" are available.")
            .ToList();
        if (errors.Count == 0)
        {
            errors.AddRange(template.MissingSymbols(include ?? []));
        }

        if (errors.Count > 0)
        {
            throw Invalid(text, string.Join(" ", errors));
        }

        var example = template.Evaluate(TemplateSymbols.Examples);
        if (RepositoryAddress.TrySplit(example, out var why) is null)
        {
            throw Invalid(text,
                $"template must generate a valid OCI repository address, including a registry hostname followed by a slash and then a repository name. With hostname \"example.com\", namespace \"example-namespace\" and type \"example-type\" it gives \"{example}\": {why}.");
        }

        return template;
    }

    /// <summary>True when the template uses <paramref name="symbol"/>.</summary>
    public bool RefersTo(string symbol) => Symbols.Contains(symbol, StringComparer.Ordinal);

    /// <summary>The template's text for one provider, before it is split and validated.</summary>
    public string Evaluate(ProviderAddress provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Evaluate(TemplateSymbols.For(provider));
    }

    /// <summary>
    /// The registry (<c>host[:port]</c>) and repository for a provider. Throws
    /// <see cref="ErrorIds.InvalidRepositoryAddress"/> when the result is not a valid OCI address,
    /// typically because the namespace or type holds characters OCI repository names cannot.
    /// </summary>
    public (string Registry, string Repository) Map(ProviderAddress provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var result = Evaluate(provider);
        return RepositoryAddress.TrySplit(result, out var why) ?? throw new TofuOciException(
            ErrorIds.InvalidRepositoryAddress, ErrorKind.InvalidArgument,
            $"Provider {provider} cannot be mapped to an OCI repository: repository_template \"{Text}\" gives \"{result}\", which is not a valid OCI repository address ({why}). "
            + "OCI repository names hold only lowercase ASCII letters, digits and . _ - separators, so a provider whose hostname, namespace or type has other characters (non-ASCII letters, a :port) cannot keep its own name there. "
            + $"Exclude \"{provider}\" from this block and add an oci_mirror block whose include selects only it and whose repository_template is a fixed repository name, e.g. \"{SuggestedRegistry(result)}/opentofu-providers/my-provider\".",
            provider.ToString());
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private string Evaluate(IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder();
        foreach (var part in _parts)
        {
            sb.Append(part.Literal ?? values[part.Symbol!]);
        }

        return sb.ToString();
    }

    // Rule 4: each symbol is needed unless the include patterns pin exactly one non-wildcard value.
    private IEnumerable<string> MissingSymbols(IReadOnlyList<ProviderPattern> include)
    {
        if (!RefersTo(TemplateSymbols.Hostname) && Distinct(include, p => p.Hostname) != 1)
        {
            yield return "template must refer to the \"hostname\" symbol unless the \"include\" argument selects exactly one registry hostname.";
        }

        if (!RefersTo(TemplateSymbols.Namespace) && Distinct(include, p => p.Namespace) != 1)
        {
            yield return "template must refer to the \"namespace\" symbol unless the \"include\" argument selects exactly one provider namespace.";
        }

        if (!RefersTo(TemplateSymbols.Type) && Distinct(include, p => p.Type) != 1)
        {
            yield return "template must refer to the \"type\" symbol unless the \"include\" argument selects exactly one provider.";
        }
    }

    private static int Distinct(IReadOnlyList<ProviderPattern> include, Func<ProviderPattern, string> part) =>
        include.Select(part).Where(v => v != ProviderPattern.Wildcard).Distinct(StringComparer.Ordinal).Count();

    private static TofuOciException Invalid(string text, string problem) =>
        new(ErrorIds.InvalidRepositoryTemplate, ErrorKind.InvalidArgument,
            $"Invalid oci_mirror repository template \"{text}\": {problem}{(problem.EndsWith('.') ? string.Empty : ".")}", text);

    private static string SuggestedRegistry(string result)
    {
        var slash = result.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? result : result[..slash];
        return Oci.Reference.IsValidRegistry(registry) ? registry : "registry.example.com";
    }
}
