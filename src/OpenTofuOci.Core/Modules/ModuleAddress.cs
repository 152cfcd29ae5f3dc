using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// A module package address: <c>oci://host[:port]/repository[//subdir][?tag=…|?digest=…]</c>, parsed and
/// validated with the rules of OpenTofu's <c>oci</c> module getter (docs/opentofu-compatibility.md §3.1–§3.2),
/// or the same form for an OCI image-layout directory, <c>oci-layout:&lt;dir&gt;[//subdir][?tag=…|?digest=…]</c>
/// (ours only: OpenTofu cannot read layouts; see docs/design.md "Module addresses").
/// </summary>
/// <remarks>
/// OpenTofu checks the query arguments in Go map order, so when several are wrong it reports a random one;
/// we check in the order they are written and report the first, with the same facts.
/// </remarks>
public sealed record ModuleAddress
{
    /// <summary>The URL scheme OpenTofu selects the OCI getter by.</summary>
    public const string Scheme = "oci";

    /// <summary>The tag used when the address names neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private ModuleAddress(string text, Reference? remote, string? layoutDirectory, string? subdir, string? tag, Digest? digest)
    {
        Text = text;
        Remote = remote;
        LayoutDirectory = layoutDirectory;
        Subdir = subdir;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The text parsed.</summary>
    public string Text { get; }

    /// <summary>Registry and repository (no tag or digest), for an <c>oci://</c> address.</summary>
    public Reference? Remote { get; }

    /// <summary>The layout directory, for an <c>oci-layout:</c> address.</summary>
    public string? LayoutDirectory { get; }

    /// <summary>True for an <c>oci-layout:</c> address.</summary>
    public bool IsLayout => LayoutDirectory is not null;

    /// <summary>The <c>//subdir</c> part (forward slashes, no leading or trailing slash), or null.</summary>
    public string? Subdir { get; }

    /// <summary>The tag to resolve: the one given, or <c>latest</c> when no digest is given either.</summary>
    public string? Tag { get; }

    /// <summary>The digest given, or null.</summary>
    public Digest? Digest { get; }

    /// <summary>What is resolved: the digest, or else the tag.</summary>
    public string Selector => Digest?.ToString() ?? Tag!;

    /// <summary>The repository alone: <c>host/repo</c> or <c>oci-layout:&lt;dir&gt;</c>.</summary>
    public string RepositoryText => IsLayout ? TargetAddress.LayoutPrefix + LayoutDirectory : $"{Remote!.Registry}/{Remote.Repository}";

    /// <summary>
    /// The same address with its layout directory replaced by <paramref name="absoluteDirectory"/>
    /// (already validated: the access plan made it absolute), so output and messages name the same
    /// layout from any location; a registry address is returned as it is. Nothing is parsed again.
    /// </summary>
    public ModuleAddress WithLayoutDirectory(string absoluteDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(absoluteDirectory);
        return IsLayout
            ? new ModuleAddress(Format(TargetAddress.LayoutPrefix + absoluteDirectory, Subdir, Tag, Digest?.ToString()), null, absoluteDirectory, Subdir, Tag, Digest)
            : this;
    }

    /// <summary>The address pinned to a manifest digest, keeping the subdirectory: what to paste into configuration.</summary>
    public string PinnedText(string digest) => Format(RepositoryText, Subdir, null, digest);

    /// <summary>Writes an address the way OpenTofu configuration takes it.</summary>
    public static string Format(string repositoryText, string? subdir, string? tag, string? digest)
    {
        var prefix = repositoryText.StartsWith(TargetAddress.LayoutPrefix, StringComparison.Ordinal) ? repositoryText : $"{Scheme}://{repositoryText}";
        var query = digest is not null ? "?digest=" + digest : tag is not null && tag != DefaultTag ? "?tag=" + tag : string.Empty;
        return prefix + (string.IsNullOrEmpty(subdir) ? string.Empty : "//" + subdir) + query;
    }

    /// <summary>Parses and validates an address; every problem is a <see cref="TofuOciException"/> naming the address.</summary>
    public static ModuleAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(text ?? string.Empty, "the module source is empty; write oci://host/repository[?tag=…|?digest=…]");
        }

        if (text.StartsWith(TargetAddress.LayoutPrefix, StringComparison.Ordinal))
        {
            return ParseLayout(text);
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var forced = text.IndexOf("::", StringComparison.Ordinal);
        if (forced > 0 && (schemeEnd < 0 || forced < schemeEnd))
        {
            // go-getter's forced-getter form (oci::https://…) reaches the getter with the inner scheme.
            var inner = text[(forced + 2)..];
            var innerScheme = inner.IndexOf("://", StringComparison.Ordinal);
            throw Invalid(text, innerScheme > 0 && inner[..innerScheme] != Scheme
                ? "oci source type only supports oci URL scheme; write the address as oci://host/repository, without a getter prefix"
                : "write the address as oci://host/repository, without a getter prefix");
        }

        if (schemeEnd < 0)
        {
            throw Invalid(text, "oci source type requires an absolute URL; write oci://host/repository (a bare host/repository is not an OCI module source)");
        }

        if (!string.Equals(text[..schemeEnd], Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, $"oci source type only supports oci URL scheme, not \"{text[..schemeEnd]}\"; write oci://host/repository");
        }

        var rest = text[(schemeEnd + 3)..];
        var (path, query) = SplitQuery(rest, text);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? path : path[..slash];
        var repositoryAndSubdir = slash < 0 ? string.Empty : path[(slash + 1)..];
        if (registry.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid(text, "credentials do not belong in the address; configure them for the registry instead");
        }

        if (!Reference.IsValidRegistry(registry))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Module source \"{text}\": invalid reference: invalid registry \"{registry}\"; give a host name or address with an optional :port.", text);
        }

        var (repository, subdir) = SplitSubdir(repositoryAndSubdir, text);
        if (!Reference.IsValidRepository(repository))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Module source \"{text}\": invalid reference: invalid repository \"{repository}\"; use lowercase letters, digits and the separators . _ __ - between path components, joined by /.", text);
        }

        var (tag, digest) = ParseQuery(query, text);
        return new ModuleAddress(text, Reference.Create(registry, repository), null, subdir, tag, digest);
    }

    private static ModuleAddress ParseLayout(string text)
    {
        var (path, query) = SplitQuery(text[TargetAddress.LayoutPrefix.Length..], text);
        var (directory, subdir) = SplitSubdir(path, text);
        if (directory.Length == 0)
        {
            throw Invalid(text, "the layout directory is missing; write oci-layout:<directory>[?tag=…|?digest=…]");
        }

        var (tag, digest) = ParseQuery(query, text);
        return new ModuleAddress(text, null, directory, subdir, tag, digest);
    }

    private static (string Path, string? Query) SplitQuery(string rest, string text)
    {
        if (rest.Contains('#', StringComparison.Ordinal))
        {
            throw Invalid(text, "a #fragment has no meaning in a module source; remove it");
        }

        var q = rest.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (rest, null) : (rest[..q], rest[(q + 1)..]);
    }

    // go-getter splits "//subdir" off at the first double slash after the host (docs/opentofu-compatibility.md §3.1).
    private static (string Path, string? Subdir) SplitSubdir(string path, string text)
    {
        var split = path.IndexOf("//", StringComparison.Ordinal);
        if (split < 0)
        {
            return (path, null);
        }

        var subdir = path[(split + 2)..].Trim('/');
        if (subdir.Split('/').Any(s => s == ".."))
        {
            throw new TofuOciException(ErrorIds.InvalidModuleSubdirectory, ErrorKind.InvalidArgument,
                $"Module source \"{text}\": subdirectory component contain path traversal out of the repository (\"{subdir}\"); name a directory inside the package.", text);
        }

        return (path[..split], subdir.Length == 0 ? null : subdir);
    }

    private static (string? Tag, Digest? Digest) ParseQuery(string? query, string text)
    {
        var values = new List<(string Name, List<string> Values)>();
        foreach (var pair in (query ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq], text);
            var value = eq < 0 ? string.Empty : Unescape(pair[(eq + 1)..], text);
            var existing = values.FindIndex(v => v.Name == name);
            if (existing < 0)
            {
                values.Add((name, [value]));
            }
            else
            {
                values[existing].Values.Add(value);
            }
        }

        // go-getter consumes "archive" before the OCI getter sees anything.
        if (values.Any(v => v.Name == "archive"))
        {
            throw Invalid(text, "the \"archive\" argument is not allowed for OCI sources, because the archive format is detected automatically from the image manifest");
        }

        string? tag = null;
        Digest? digest = null;
        var unsupported = new List<string>();
        foreach (var (name, list) in values)
        {
            if (list.Count > 1)
            {
                throw Invalid(text, $"too many \"{name}\" arguments; give it once");
            }

            var value = list[0];
            switch (name)
            {
                case "tag":
                    if (value.Length == 0)
                    {
                        throw Invalid(text, "tag argument must not be empty; give a tag or leave the argument out (the default is \"latest\")");
                    }

                    if (!Reference.IsValidTag(value))
                    {
                        throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                            $"Module source \"{text}\": invalid reference: invalid tag \"{value}\"; a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.", text);
                    }

                    tag = value;
                    break;
                case "digest":
                    if (value.Length == 0)
                    {
                        throw Invalid(text, "digest argument must not be empty; give sha256:<64 hex characters> or leave the argument out");
                    }

                    if (!Oci.Digest.TryParse(value, out var parsed, out var problem))
                    {
                        throw new TofuOciException(problem == Oci.Digest.UnsupportedAlgorithmText ? ErrorIds.UnsupportedDigestAlgorithm : ErrorIds.InvalidDigest,
                            ErrorKind.InvalidArgument,
                            $"Module source \"{text}\": invalid digest: {problem} (\"{value}\"); write sha256:, sha384: or sha512: followed by the lowercase hex of the manifest digest.", text);
                    }

                    digest = parsed;
                    break;
                default:
                    unsupported.Add(name);
                    break;
            }
        }

        if (unsupported.Count == 1)
        {
            throw Invalid(text, $"unsupported argument \"{unsupported[0]}\"; only \"tag\" or \"digest\" may be given");
        }

        if (unsupported.Count > 1)
        {
            throw Invalid(text, $"unsupported arguments: {string.Join(", ", unsupported)}; only \"tag\" or \"digest\" may be given");
        }

        if (tag is not null && digest is not null)
        {
            throw Invalid(text, "cannot set both \"tag\" and \"digest\" arguments; give one of them");
        }

        return (digest is null ? tag ?? DefaultTag : null, digest);
    }

    private static string Unescape(string part, string text)
    {
        try
        {
            // Go's query decoding: '+' is a space, %XX is a byte.
            return Uri.UnescapeDataString(part.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw Invalid(text, $"the query part \"{part}\" is not valid URL encoding");
        }
    }

    private static TofuOciException Invalid(string text, string why) =>
        new(ErrorIds.InvalidModuleAddress, ErrorKind.InvalidArgument, $"Module source \"{text}\": {why}.", text);

    public override string ToString() => Text;
}
