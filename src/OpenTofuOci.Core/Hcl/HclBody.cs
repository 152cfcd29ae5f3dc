namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// The content of a file or block: attributes and blocks in source order
/// (<see href="https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#structural-elements">HCL native syntax: structural elements</see>).
/// </summary>
public sealed class HclBody
{
    public HclBody(IReadOnlyList<HclBodyItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        Attributes = items.OfType<HclAttribute>().ToList();
        Blocks = items.OfType<HclBlock>().ToList();
    }

    /// <summary>Attributes and blocks interleaved as written.</summary>
    public IReadOnlyList<HclBodyItem> Items { get; }

    public IReadOnlyList<HclAttribute> Attributes { get; }

    public IReadOnlyList<HclBlock> Blocks { get; }

    /// <summary>The attribute named <paramref name="name"/>, or null.</summary>
    public HclAttribute? Attribute(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
}

/// <summary>An attribute or a block inside an <see cref="HclBody"/>.</summary>
public abstract record HclBodyItem(string Name, HclPosition Position);

/// <summary><c>name = value</c>; <see cref="HclBodyItem.Position"/> is the name's.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "\"Attribute\" is HCL's own term for name = value.")]
public sealed record HclAttribute(string Name, HclExpression Value, HclPosition Position) : HclBodyItem(Name, Position);

/// <summary><c>type "label" label2 { … }</c>; <see cref="HclBodyItem.Position"/> is the type's.</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body, HclPosition Position) : HclBodyItem(Type, Position);
