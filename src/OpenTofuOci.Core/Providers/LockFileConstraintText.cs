using System.Globalization;
using System.Text;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// The canonical spelling of a version constraint that OpenTofu writes into <c>constraints</c> in
/// <c>.terraform.lock.hcl</c> (its <c>getproviders.VersionConstraintsString</c>): clauses
/// de-duplicated; omitted parts written as 0 (<c>&gt;= 2.0</c> → <c>&gt;= 2.0.0</c>); <c>=</c> written as
/// no operator; <c>~&gt;</c> keeps two parts when fewer than three were given (<c>~&gt; 2</c> → <c>~&gt; 2.0</c>)
/// and three otherwise; ordered by version, then by operator (<c>&gt;</c>, <c>&gt;=</c>, exact,
/// <c>~&gt;</c> x.y.z, <c>~&gt;</c> x.y, <c>&lt;=</c>, <c>&lt;</c>, <c>!=</c>); joined by <c>", "</c>.
/// Writing the same text as <c>tofu</c> keeps lock files stable when both tools touch them.
/// </summary>
public static class LockFileConstraintText
{
    /// <summary>The lock-file text of <paramref name="constraint"/>, or null when it has no clauses.</summary>
    public static string? Format(VersionConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        if (constraint.Clauses.Count == 0)
        {
            return null;
        }

        var distinct = new Dictionary<string, (int Priority, ProviderVersion Version, string Text)>(StringComparer.Ordinal);
        foreach (var clause in constraint.Clauses)
        {
            var (priority, prefix, twoParts) = Spelling(clause);
            var text = prefix + Numbers(clause.Version, twoParts);
            distinct.TryAdd(text, (priority, clause.Version, text));
        }

        var ordered = distinct.Values.ToList();
        ordered.Sort((a, b) =>
        {
            var byVersion = a.Version.CompareTo(b.Version);
            if (byVersion == 0)
            {
                byVersion = string.CompareOrdinal(a.Version.Metadata, b.Version.Metadata);
            }

            return byVersion != 0 ? byVersion : a.Priority.CompareTo(b.Priority);
        });
        return string.Join(", ", ordered.Select(c => c.Text));
    }

    private static (int Priority, string Prefix, bool TwoParts) Spelling(VersionConstraintClause clause) => clause.Operator switch
    {
        ConstraintOperator.GreaterThan => (1, "> ", false),
        ConstraintOperator.GreaterThanOrEqual => (2, ">= ", false),
        ConstraintOperator.Equal => (3, string.Empty, false),
        ConstraintOperator.Pessimistic when clause.Precision == 3 => (4, "~> ", false),
        ConstraintOperator.Pessimistic => (5, "~> ", true),
        ConstraintOperator.LessThanOrEqual => (6, "<= ", false),
        ConstraintOperator.LessThan => (7, "< ", false),
        _ => (8, "!= ", false),
    };

    private static string Numbers(ProviderVersion v, bool twoParts)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{v.Major}.{v.Minor}");
        if (!twoParts)
        {
            b.Append(CultureInfo.InvariantCulture, $".{v.Patch}");
        }

        if (v.Prerelease.Length > 0)
        {
            b.Append('-').Append(v.Prerelease);
        }

        if (v.Metadata.Length > 0)
        {
            b.Append('+').Append(v.Metadata);
        }

        return b.ToString();
    }
}
