using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// An address after the access plan parsed and validated it: a registry repository, a registry alone
/// (a login), or an OCI image-layout directory made absolute against the front end's current location.
/// It is what the plan opens; nothing parses it again.
/// </summary>
public sealed class RepositoryLocation
{
    private RepositoryLocation(string text, string? registry, string? repository, string? layoutDirectory, string? tag, Digest? digest)
    {
        Text = text;
        Registry = registry;
        Repository = repository;
        LayoutDirectory = layoutDirectory;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The address as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>The registry (<c>host[:port]</c>); null for a layout directory.</summary>
    public string? Registry { get; }

    /// <summary>The repository within <see cref="Registry"/>; null for a layout directory or a registry alone.</summary>
    public string? Repository { get; }

    /// <summary>The layout directory, absolute; null for a registry.</summary>
    public string? LayoutDirectory { get; }

    /// <summary>The tag named, if any.</summary>
    public string? Tag { get; }

    /// <summary>The digest named, if any.</summary>
    public Digest? Digest { get; }

    /// <summary>True for an <c>oci-layout:</c> directory.</summary>
    public bool IsLayout => LayoutDirectory is not null;

    /// <summary>The tag or digest, or null when only the repository is named.</summary>
    public string? Selector => Digest?.ToString() ?? Tag;

    /// <summary>The repository without tag or digest: <c>host/repository</c>, or <c>oci-layout:&lt;absolute directory&gt;</c>.</summary>
    public string RepositoryText => IsLayout ? TargetAddress.LayoutPrefix + LayoutDirectory
        : Repository is null ? Registry! : $"{Registry}/{Repository}";

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>A repository a template or the CLI configuration mapped a provider to (validated by the mapping).</summary>
    internal static RepositoryLocation Mapped(string registry, string repository) =>
        new($"{registry}/{repository}", registry, repository, null, null, null);

    /// <summary>Parses <paramref name="input"/> once and checks it against its use; layout directories are made absolute with <paramref name="resolvePath"/>.</summary>
    internal static RepositoryLocation Parse(AddressInput input, Func<string, string> resolvePath)
    {
        if (input.Module is { } module)
        {
            return module.IsLayout
                ? Layout(input.Text, module.LayoutDirectory!, module.Tag, module.Digest, resolvePath)
                : new RepositoryLocation(input.Text, module.Remote!.Registry, module.Remote.Repository, null, module.Tag, module.Digest);
        }

        if (input.Use == AddressUse.Registry)
        {
            return Reference.IsValidRegistry(input.Text)
                ? new RepositoryLocation(input.Text, input.Text, null, null, null, null)
                : throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"Invalid registry \"{input.Text}\": give a host name or address with an optional port, e.g. registry.example.com:5000, without a scheme or path.", input.Text);
        }

        var address = TargetAddress.Parse(input.Text);
        CheckSelector(address, input);
        if (address.IsLayout)
        {
            if (input.Use == AddressUse.CredentialLookup)
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"\"{input.Text}\" is a layout directory, which needs no credentials; give a registry repository, e.g. registry.example.com/providers/aws.", input.Text);
            }

            return Layout(input.Text, address.LayoutDirectory!, address.Tag, address.Digest, resolvePath);
        }

        return new RepositoryLocation(input.Text, address.Remote!.Registry, address.Remote.Repository, null, address.Tag, address.Digest);
    }

    private static RepositoryLocation Layout(string text, string directory, string? tag, Digest? digest, Func<string, string> resolvePath)
    {
        var absolute = resolvePath(directory);
        // Output objects and messages name the layout as oci-layout:<absolute directory>, which must read
        // back as this directory when it is given to the next command (a ':' in its last segment would
        // read as a tag).
        TargetAddress? back;
        try
        {
            back = TargetAddress.Parse(TargetAddress.LayoutPrefix + absolute);
        }
        catch (TofuOciException)
        {
            back = null;
        }

        if (back?.LayoutDirectory != absolute || back.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"The layout directory of \"{text}\" resolves to \"{absolute}\", which cannot be written as an oci-layout: address because of the ':' in it; move or link the layout to a path without ':'.",
                text);
        }

        return new RepositoryLocation(text, null, null, absolute, tag, digest);
    }

    private static void CheckSelector(TargetAddress address, AddressInput input)
    {
        var named = address.Digest is not null ? $"the digest {address.Digest}" : $"the tag \"{address.Tag}\"";
        switch (input.Use)
        {
            case AddressUse.Repository when address.Selector is not null:
                throw Shape(input, $"\"{input.Text}\" names {named}, but a repository is needed here: give it without the tag or digest ({address.RepositoryText}).");
            case AddressUse.Destination when address.Digest is not null:
                throw Shape(input, $"\"{input.Text}\" names {named}, but a destination keeps the digest of what is written: give the repository with an optional tag ({address.RepositoryText} or {address.RepositoryText}:<tag>).");
            case AddressUse.Artifact when address.Selector is null:
                throw Shape(input, $"\"{input.Text}\" names no tag or digest; add one, e.g. {address.RepositoryText}:1.0.0.");
            case AddressUse.Version when address.Tag is null || address.Digest is not null:
                throw Shape(input, $"\"{input.Text}\" must name the version by its tag, e.g. {address.RepositoryText}:1.0.0.");
        }
    }

    private static TofuOciException Shape(AddressInput input, string message) =>
        new(ErrorIds.InvalidReference, ErrorKind.InvalidArgument, message, input.Text);
}
