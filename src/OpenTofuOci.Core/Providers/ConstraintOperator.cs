namespace OpenTofuOci.Core.Providers;

/// <summary>The operators of OpenTofu's version constraint syntax (go-versions "Ruby style").</summary>
public enum ConstraintOperator
{
    /// <summary><c>=</c> or no operator.</summary>
    Equal,
    /// <summary><c>!=</c>.</summary>
    NotEqual,
    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,
    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,
    /// <summary><c>&lt;</c>.</summary>
    LessThan,
    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,
    /// <summary><c>~&gt;</c>: the rightmost given part may increase.</summary>
    Pessimistic,
}
