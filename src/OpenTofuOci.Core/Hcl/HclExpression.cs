namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// A literal value in an HCL file. Only the literal subset is modelled: OpenTofu's CLI configuration
/// and dependency lock files contain nothing else
/// (<see href="https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#expressions">HCL native syntax: expressions</see>).
/// </summary>
public abstract record HclExpression(HclPosition Position)
{
    /// <summary>A short name of the kind of value, for error messages ("a string", "a list", …).</summary>
    public abstract string KindName { get; }

    /// <summary>
    /// The characters the expression covers in the text given to the parser (a byte-order mark counts as one),
    /// set for strings and raw expressions read by <see cref="HclParser.ParseConfiguration"/> and for JSON
    /// strings, so a caller can replace exactly them (docs/opentofu-compatibility.md §11); null otherwise.
    /// </summary>
    public HclSpan? Span { get; init; }
}

/// <summary>A range of characters: 0-based <paramref name="Offset"/> and <paramref name="Length"/>.</summary>
public readonly record struct HclSpan(int Offset, int Length);

/// <summary>
/// An expression a configuration file may hold but we do not evaluate (references, function calls,
/// operators, templates, for-expressions, …), kept as the text written, without trailing blanks or comments
/// (docs/opentofu-compatibility.md §11).
/// </summary>
/// <param name="Text">The expression as written.</param>
public sealed record HclRawExpression(string Text, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "an expression";
}

/// <summary>
/// A quoted string or heredoc. When <see cref="IsTemplate"/> is false, <see cref="Value"/> is the
/// decoded text. When the text contains <c>${</c> or <c>%{</c> (including the escaped <c>$${</c> and
/// <c>%%{</c>), <see cref="IsTemplate"/> is true and <see cref="Value"/> is the template source: backslash
/// escapes outside interpolations are decoded, everything else is kept as written. That is the string
/// HCL1 hands to OpenTofu, which evaluates <c>repository_template</c> with HCL2 template rules later
/// (docs/opentofu-compatibility.md §6).
/// </summary>
public sealed record HclString(string Value, bool IsTemplate, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "a string";
}

/// <summary>A number, kept as written (<see cref="Text"/>) and as a double.</summary>
public sealed record HclNumber(string Text, double Value, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "a number";
}

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record HclBool(bool Value, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "a bool";
}

/// <summary><c>null</c>.</summary>
public sealed record HclNull(HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "null";
}

/// <summary>A list (tuple) <c>[a, b]</c>.</summary>
public sealed record HclTuple(IReadOnlyList<HclExpression> Items, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "a list";
}

/// <summary>An object <c>{ k = v, "k2": v2 }</c>, items in source order.</summary>
public sealed record HclObject(IReadOnlyList<HclObjectItem> Items, HclPosition Position) : HclExpression(Position)
{
    public override string KindName => "an object";
}

/// <summary>One <c>key = value</c> of an <see cref="HclObject"/>; <see cref="Position"/> is the key's.</summary>
public sealed record HclObjectItem(string Key, HclExpression Value, HclPosition Position);
