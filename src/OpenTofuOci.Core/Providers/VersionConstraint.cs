using System.Globalization;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// OpenTofu's version constraint syntax (go-versions "Ruby style", as in <c>required_providers</c>):
/// comma-separated clauses <c>[op] version</c> with <c>=</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>,
/// <c>&lt;</c>, <c>&lt;=</c>, <c>~&gt;</c>; all must hold. Used to choose among the versions of
/// docs/opentofu-compatibility.md §1.2.
/// </summary>
/// <remarks>
/// <para>A pre-release is selected only when some clause names it exactly (<c>1.0.0-beta</c> or
/// <c>= 1.0.0-beta</c>), and then only if every other clause allows it too; <c>&gt;= 1.0.0-beta</c>
/// alone selects no pre-release. Build metadata is ignored when comparing.</para>
/// <para><c>~&gt; 1.2.3</c> is <c>&gt;= 1.2.3, &lt; 1.3.0</c>; <c>~&gt; 1.2</c> and <c>~&gt; 1</c> are
/// <c>&gt;= 1.2.0, &lt; 2.0.0</c> and <c>&gt;= 1.0.0, &lt; 2.0.0</c>.</para>
/// <para>Not accepted (go-versions refuses them too, as far as we know): a <c>v</c> prefix, wildcards
/// (<c>1.*</c>), four parts, and a pre-release on a partial version (<c>1.0-beta</c>).</para>
/// </remarks>
public sealed class VersionConstraint
{
    private static readonly (string Text, ConstraintOperator Op)[] Operators =
    [
        // Two-character operators first so ">=" is not read as ">" and "=1".
        (">=", ConstraintOperator.GreaterThanOrEqual),
        ("<=", ConstraintOperator.LessThanOrEqual),
        ("!=", ConstraintOperator.NotEqual),
        ("~>", ConstraintOperator.Pessimistic),
        (">", ConstraintOperator.GreaterThan),
        ("<", ConstraintOperator.LessThan),
        ("=", ConstraintOperator.Equal),
    ];

    private VersionConstraint(IReadOnlyList<VersionConstraintClause> clauses, string text)
    {
        Clauses = clauses;
        Text = text;
    }

    /// <summary>No clauses: every released (non-pre-release) version.</summary>
    public static VersionConstraint Any { get; } = new([], string.Empty);

    /// <summary>The clauses in the order written.</summary>
    public IReadOnlyList<VersionConstraintClause> Clauses { get; }

    /// <summary>The constraint as written.</summary>
    public string Text { get; }

    /// <summary>Parses a constraint; throws <see cref="ErrorIds.InvalidVersionConstraint"/>.</summary>
    public static VersionConstraint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(text, "it is empty; write e.g. \"~> 1.2\" or \">= 1.0, < 2.0\", or give no constraint to allow every released version");
        }

        var clauses = new List<VersionConstraintClause>();
        foreach (var raw in text.Split(','))
        {
            clauses.Add(ParseClause(raw.Trim(), text));
        }

        return new VersionConstraint(clauses, text);
    }

    /// <summary>
    /// Whether <paramref name="version"/> meets every clause; a pre-release must also be named exactly by a clause.
    /// </summary>
    public bool Allows(ProviderVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.IsPrerelease && !Clauses.Any(c => c.IsExact && c.Version.CompareTo(version) == 0))
        {
            return false;
        }

        return Clauses.All(c => c.Allows(version));
    }

    /// <summary>
    /// The newest allowed version, or null. Among versions of equal precedence (<c>1.0</c> and
    /// <c>1.0.0</c>, or differing metadata) the first in <paramref name="versions"/> wins, as
    /// go-versions' <c>NewestInSet</c> keeps the first of equals.
    /// </summary>
    public static ProviderVersion? NewestMatching(IEnumerable<ProviderVersion> versions, VersionConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(constraint);
        ProviderVersion? best = null;
        foreach (var v in versions)
        {
            if (constraint.Allows(v) && (best is null || v > best))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>The clauses in canonical spelling, e.g. <c>&gt;= 1.0.0, &lt; 2.0.0</c>.</summary>
    public override string ToString() => string.Join(", ", Clauses);

    private static VersionConstraintClause ParseClause(string clause, string text)
    {
        if (clause.Length == 0)
        {
            throw Invalid(text, "a clause between commas is empty");
        }

        var op = ConstraintOperator.Equal;
        foreach (var (opText, candidate) in Operators)
        {
            if (clause.StartsWith(opText, StringComparison.Ordinal))
            {
                op = candidate;
                clause = clause[opText.Length..].TrimStart();
                break;
            }
        }

        if (clause.Length == 0)
        {
            throw Invalid(text, "an operator is not followed by a version");
        }

        if (clause[0] is 'v' or 'V')
        {
            throw Invalid(text, $"\"{clause}\": a version must not have a \"v\" prefix; write {clause[1..]}");
        }

        if (!char.IsAsciiDigit(clause[0]))
        {
            throw Invalid(text, $"\"{clause}\" does not start with an operator (=, !=, >, >=, <, <=, ~>) followed by a version");
        }

        var numbersEnd = clause.IndexOfAny(['-', '+']);
        var numbers = numbersEnd < 0 ? clause : clause[..numbersEnd];
        var precision = numbers.Split('.').Length;
        if (!ProviderVersion.TryParse(clause, out var version) || clause.Any(char.IsWhiteSpace))
        {
            throw Invalid(text, $"\"{clause}\" is not a version: write 1 to 3 numbers separated by dots, optionally followed by -prerelease (wildcards like 1.* are not supported)");
        }

        if (version!.IsPrerelease && precision < 3)
        {
            throw Invalid(text, $"\"{clause}\": a pre-release needs all three version numbers, e.g. {version.Major.ToString(CultureInfo.InvariantCulture)}.{version.Minor.ToString(CultureInfo.InvariantCulture)}.{version.Patch.ToString(CultureInfo.InvariantCulture)}-{version.Prerelease}");
        }

        return new VersionConstraintClause(op, version, precision);
    }

    private static TofuOciException Invalid(string text, string problem) =>
        new(ErrorIds.InvalidVersionConstraint, ErrorKind.InvalidArgument,
            $"Invalid version constraint \"{text}\": {problem}.", text);
}
