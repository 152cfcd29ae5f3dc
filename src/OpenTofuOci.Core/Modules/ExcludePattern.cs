using System.Text;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// One glob that leaves paths out of a module package, in a small subset of <c>.gitignore</c> syntax
/// (docs/design.md "Module packaging: what is left out"): <c>*</c> matches within one path segment,
/// <c>?</c> one character, <c>**</c> any number of segments; a pattern without a <c>/</c> (other than a
/// trailing one) matches a name at any depth, one with a <c>/</c> is anchored at the module root; a
/// trailing <c>/</c> matches directories only. Backslashes are read as <c>/</c>. Matching is case-sensitive.
/// </summary>
public sealed class ExcludePattern
{
    private readonly Regex _regex;

    private ExcludePattern(string text, Regex regex, bool directoryOnly)
    {
        Text = text;
        _regex = regex;
        DirectoryOnly = directoryOnly;
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    /// <summary>True when the pattern ends with <c>/</c>.</summary>
    public bool DirectoryOnly { get; }

    /// <summary>
    /// What is always left out unless the caller opts out: OpenTofu's working directory, VCS metadata,
    /// state, state backups and lock info, workspace states, crash logs.
    /// </summary>
    public static IReadOnlyList<string> Defaults { get; } =
    [
        ".terraform/", ".git/", ".hg/", ".svn/", "*.tfstate", "*.tfstate.backup", ".terraform.tfstate.lock.info",
        "terraform.tfstate.d/", "crash.log", "crash.*.log",
    ];

    /// <summary>Parses a pattern; throws <see cref="ErrorIds.InvalidExcludePattern"/>.</summary>
    public static ExcludePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = text.Trim().Replace('\\', '/');
        var directoryOnly = pattern.EndsWith('/');
        var body = pattern.Trim('/');
        if (body.Length == 0)
        {
            throw Invalid(text, "it is empty");
        }

        var segments = body.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw Invalid(text, "it has an empty, '.' or '..' segment");
        }

        if (body.Contains('[', StringComparison.Ordinal) || body.Contains(']', StringComparison.Ordinal))
        {
            throw Invalid(text, "character classes ([...]) are not supported");
        }

        var anchored = pattern.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        var regex = new StringBuilder("^");
        if (!anchored)
        {
            regex.Append("(?:.*/)?");
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                regex.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }

            foreach (var c in segment)
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            if (!last)
            {
                regex.Append('/');
            }
        }

        regex.Append('$');
        return new ExcludePattern(text, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking), directoryOnly);
    }

    /// <summary>True when the pattern leaves out <paramref name="path"/> (forward slashes, relative; a directory ends with <c>/</c>).</summary>
    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var isDirectory = path.EndsWith('/');
        return (isDirectory || !DirectoryOnly) && _regex.IsMatch(path.TrimEnd('/'));
    }

    /// <summary>A predicate for <see cref="Packages.DeterministicZipOptions.Exclude"/> over several patterns.</summary>
    public static Func<string, bool> Combine(IEnumerable<ExcludePattern> patterns)
    {
        var list = patterns.ToList();
        return path => list.Any(p => p.Matches(path));
    }

    private static TofuOciException Invalid(string text, string why) =>
        new(ErrorIds.InvalidExcludePattern, ErrorKind.InvalidArgument,
            $"Exclude pattern \"{text}\" is not valid: {why}. Use globs such as \"*.tfvars\", \"examples/\" or \"docs/**/*.png\".", text);

    public override string ToString() => Text;
}
