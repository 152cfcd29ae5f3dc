using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// A registry reference <c>host[:port]/repository[:tag|@digest]</c>, validated like ORAS
/// (docs/opentofu-compatibility.md §3.1, §5.5; distribution-spec names and tags).
/// </summary>
public sealed partial record Reference
{
    private Reference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host with optional port, e.g. <c>ghcr.io</c> or <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path, e.g. <c>opentofu-providers/hashicorp/aws</c>.</summary>
    public string Repository { get; }

    /// <summary>Tag, when the reference names one.</summary>
    public string? Tag { get; }

    /// <summary>Digest, when the reference names one (takes precedence over the tag).</summary>
    public Digest? Digest { get; }

    /// <summary>The tag or digest as a string, or null for a bare repository.</summary>
    public string? Selector => Digest?.ToString() ?? Tag;

    /// <summary>Parses <c>host[:port]/repo[:tag][@digest]</c>; throws <see cref="ErrorIds.InvalidReference"/>.</summary>
    public static Reference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw Invalid(text, "it must be a registry host, a slash and a repository name, e.g. registry.example.com/opentofu/aws:1.0.0");
        }

        var registry = text[..slash];
        var rest = text[(slash + 1)..];
        Digest? digest = null;
        string? tag = null;

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Oci.Digest.TryParse(digestText, out var d, out var problem))
            {
                throw Invalid(text, $"invalid digest \"{digestText}\": {problem}");
            }

            digest = d;
            rest = rest[..at];
        }

        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            ValidateTag(tag, text);
        }

        ValidateRegistry(registry, text);
        ValidateRepository(rest, text);
        return new Reference(registry, rest, tag, digest);
    }

    /// <summary>Builds a reference from parts, validating each.</summary>
    public static Reference Create(string registry, string repository, string? tag = null, Digest? digest = null)
    {
        var shown = $"{registry}/{repository}";
        ValidateRegistry(registry, shown);
        ValidateRepository(repository, shown);
        if (tag is not null)
        {
            ValidateTag(tag, shown);
        }

        return new Reference(registry, repository, tag, digest);
    }

    /// <summary>The same repository with another tag (and no digest).</summary>
    public Reference WithTag(string tag)
    {
        ValidateTag(tag, $"{Registry}/{Repository}:{tag}");
        return new Reference(Registry, Repository, tag, null);
    }

    /// <summary>The same repository pinned to a digest.</summary>
    public Reference WithDigest(Digest digest) => new(Registry, Repository, null, digest);

    /// <summary>True when <paramref name="tag"/> is a valid OCI tag.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>True when <paramref name="repository"/> is a valid OCI repository name.</summary>
    public static bool IsValidRepository(string? repository) =>
        repository is not null && repository.Length <= 255 && RepositoryPattern().IsMatch(repository);

    /// <summary>True when <paramref name="registry"/> is a host or <c>host:port</c> a URL can carry.</summary>
    public static bool IsValidRegistry(string? registry)
    {
        if (string.IsNullOrEmpty(registry) || registry.Any(c => c is '/' or '@' or '?' or '#' or ' ' || char.IsControl(c)))
        {
            return false;
        }

        return Uri.TryCreate("dummy://" + registry, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, registry, StringComparison.OrdinalIgnoreCase)
            && uri.AbsolutePath == "/";
    }

    private static void ValidateTag(string tag, string text)
    {
        if (!IsValidTag(tag))
        {
            throw Invalid(text, $"invalid tag \"{tag}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -");
        }
    }

    private static void ValidateRepository(string repository, string text)
    {
        if (!IsValidRepository(repository))
        {
            throw Invalid(text, $"invalid repository \"{repository}\": use lowercase letters, digits and the separators . _ __ - between path components, joined by /");
        }
    }

    private static void ValidateRegistry(string registry, string text)
    {
        if (!IsValidRegistry(registry))
        {
            throw Invalid(text, $"invalid registry \"{registry}\": give a host name or address with an optional :port");
        }
    }

    private static TofuOciException Invalid(string text, string why) =>
        new(ErrorIds.InvalidReference, ErrorKind.InvalidArgument, $"Invalid reference \"{text}\": {why}.", text);

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";

    // Distribution's pattern has the separator "[-]*", which may be empty; in a backtracking engine that
    // makes a long name that fails at its end take exponential time. "-+" accepts the same names,
    // because an empty separator only joins two runs of [a-z0-9] that the run itself already covers.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
