using OpenTofuOci.Core.Modules;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// An address a command was given, as the user wrote it, with what the command does with it. The
/// access plan parses and validates it once (<see cref="RepositoryLocation"/>).
/// </summary>
public sealed class AddressInput
{
    /// <param name="text"><c>host[:port]/repository[:tag|@digest]</c> or <c>oci-layout:&lt;directory&gt;[:tag|@digest]</c>; for <see cref="AddressUse.Registry"/>, <c>host[:port]</c>.</param>
    /// <param name="use">What the command does with it.</param>
    public AddressInput(string text, AddressUse use = AddressUse.Repository)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Use = use;
    }

    private AddressInput(ModuleAddress module)
    {
        Text = module.Text;
        Use = AddressUse.Artifact;
        Module = module;
    }

    /// <summary>The repository of a module source (<c>oci://…</c> or <c>oci-layout:…</c>), already parsed with OpenTofu's module address rules.</summary>
    public static AddressInput ForModule(ModuleAddress module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new AddressInput(module);
    }

    /// <summary>The address as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>What the command does with it.</summary>
    public AddressUse Use { get; }

    /// <summary>The module source this address came from, if any.</summary>
    public ModuleAddress? Module { get; }

    /// <summary>
    /// How this repository was reached when it was listed (an object piped from a listing command):
    /// it is read again the same way, with the request's own options taking precedence. Applies only
    /// to the registry it was captured for.
    /// </summary>
    public RepositoryAccess? Carried { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
