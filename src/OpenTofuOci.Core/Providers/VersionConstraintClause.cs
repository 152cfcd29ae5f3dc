namespace OpenTofuOci.Core.Providers;

/// <summary>
/// One comma-separated clause of a version constraint, e.g. <c>~&gt; 1.2</c>. <see cref="Precision"/>
/// is how many numeric parts were written (1 to 3): go-versions treats omitted parts as
/// unconstrained, so <c>= 1.2</c> means any 1.2.x and <c>&gt; 1.2</c> means 1.3.0 or later.
/// </summary>
/// <param name="Operator">The operator (<see cref="ConstraintOperator.Equal"/> when none was written).</param>
/// <param name="Version">The version with omitted parts as 0.</param>
/// <param name="Precision">Number of numeric parts written.</param>
public sealed record VersionConstraintClause(ConstraintOperator Operator, ProviderVersion Version, int Precision)
{
    /// <summary>True when this clause names exactly one version (<c>= 1.0.0-beta</c>), the only way to select a pre-release.</summary>
    public bool IsExact => Operator == ConstraintOperator.Equal && Precision == 3;

    /// <summary>Whether the version range of this clause holds <paramref name="version"/> (pre-release rule not applied here).</summary>
    public bool Allows(ProviderVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var v = version;
        var b = Version;
        return Operator switch
        {
            ConstraintOperator.Equal => InWidened(v),
            ConstraintOperator.NotEqual => !InWidened(v),
            ConstraintOperator.GreaterThan => Precision == 3 ? v > b : AtLeastNext(v, Precision),
            ConstraintOperator.GreaterThanOrEqual => v >= b,
            ConstraintOperator.LessThan => v < b,
            ConstraintOperator.LessThanOrEqual => Precision == 3 ? v <= b : !AtLeastNext(v, Precision),
            ConstraintOperator.Pessimistic => v >= b && !AtLeastNext(v, Precision == 3 ? 2 : 1),
            _ => false,
        };
    }

    /// <summary>The clause as OpenTofu writes it, e.g. <c>~&gt; 1.2</c>.</summary>
    public override string ToString()
    {
        var op = Operator switch
        {
            ConstraintOperator.Equal => "=",
            ConstraintOperator.NotEqual => "!=",
            ConstraintOperator.GreaterThan => ">",
            ConstraintOperator.GreaterThanOrEqual => ">=",
            ConstraintOperator.LessThan => "<",
            ConstraintOperator.LessThanOrEqual => "<=",
            _ => "~>",
        };
        var numbers = Precision switch
        {
            1 => $"{Version.Major}",
            2 => $"{Version.Major}.{Version.Minor}",
            _ => Version.ToString(),
        };
        return $"{op} {numbers}";
    }

    // "= 1.2" is every 1.2.x; "= 1.2.3" is 1.2.3 by precedence (metadata ignored).
    private bool InWidened(ProviderVersion v) => Precision == 3 ? v.CompareTo(Version) == 0 : v >= Version && !AtLeastNext(v, Precision);

    // True when v is at or above the next bump of the given part: (major+1).0.0 or major.(minor+1).0.
    // Compared by parts so that ulong.MaxValue cannot overflow; a pre-release of the next bump
    // (2.0.0-beta) is below it, as in semver precedence.
    private bool AtLeastNext(ProviderVersion v, int part)
    {
        var b = Version;
        if (v.Major != b.Major)
        {
            return v.Major > b.Major && (part == 2 || v.Major > b.Major + 1 || !IsPreOfZero(v, minorToo: true));
        }

        if (part == 1)
        {
            return false;
        }

        return v.Minor > b.Minor && (v.Minor > b.Minor + 1 || !IsPreOfZero(v, minorToo: false));
    }

    private static bool IsPreOfZero(ProviderVersion v, bool minorToo) =>
        v.IsPrerelease && v.Patch == 0 && (!minorToo || v.Minor == 0);
}
