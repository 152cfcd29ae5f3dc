using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Where artifacts live, as users write it: <c>host[:port]/repo[:tag|@digest]</c> for a registry, or
/// <c>oci-layout:&lt;dir&gt;[:tag|@digest]</c> for an OCI image-layout directory.
/// </summary>
public sealed record TargetAddress
{
    /// <summary>The prefix that marks a layout directory.</summary>
    public const string LayoutPrefix = "oci-layout:";

    private TargetAddress(Reference? remote, string? layoutDirectory, string? tag, Digest? digest, string text)
    {
        Remote = remote;
        LayoutDirectory = layoutDirectory;
        Tag = tag;
        Digest = digest;
        Text = text;
    }

    /// <summary>The registry reference, for a remote address.</summary>
    public Reference? Remote { get; }

    /// <summary>The layout directory (as given, not yet made absolute), for a layout address.</summary>
    public string? LayoutDirectory { get; }

    /// <summary>The tag named, if any.</summary>
    public string? Tag { get; }

    /// <summary>The digest named, if any.</summary>
    public Digest? Digest { get; }

    /// <summary>The text the address was parsed from.</summary>
    public string Text { get; }

    /// <summary>True for an <c>oci-layout:</c> address.</summary>
    public bool IsLayout => LayoutDirectory is not null;

    /// <summary>The tag or digest, or null when the address names only the repository.</summary>
    public string? Selector => Digest?.ToString() ?? Tag;

    /// <summary>The repository alone, without tag or digest, as users write it.</summary>
    public string RepositoryText => IsLayout ? LayoutPrefix + LayoutDirectory : $"{Remote!.Registry}/{Remote.Repository}";

    /// <summary>Parses an address; throws <see cref="ErrorIds.InvalidReference"/> naming the problem.</summary>
    public static TargetAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                "The repository address is empty; give host[:port]/repository[:tag] or oci-layout:<directory>[:tag].", text);
        }

        if (!text.StartsWith(LayoutPrefix, StringComparison.Ordinal))
        {
            if (text.Contains("://", StringComparison.Ordinal))
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"Invalid reference \"{text}\": write the registry without a URL scheme, e.g. registry.example.com/team/repo:tag (use {UserOption.PlainHttp} for http).", text);
            }

            var r = Reference.Parse(text);
            return new TargetAddress(r, null, r.Tag, r.Digest, text);
        }

        var rest = text[LayoutPrefix.Length..];
        string? tag = null;
        Digest? digest = null;
        var at = rest.LastIndexOf('@');
        if (at > 0 && rest[(at + 1)..].Contains(':', StringComparison.Ordinal) && !rest[(at + 1)..].Contains('/', StringComparison.Ordinal) && !rest[(at + 1)..].Contains('\\', StringComparison.Ordinal))
        {
            var d = rest[(at + 1)..];
            if (!Oci.Digest.TryParse(d, out var parsed, out var problem))
            {
                throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"Invalid reference \"{text}\": invalid digest \"{d}\": {problem}.", text);
            }

            digest = parsed;
            rest = rest[..at];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            // A colon right after a single drive letter (C:\x, C:/x) belongs to the path.
            var isDrive = colon == 1 && char.IsAsciiLetter(rest[0]);
            if (colon > 0 && !isDrive)
            {
                var candidate = rest[(colon + 1)..];
                if (!candidate.Contains('/', StringComparison.Ordinal) && !candidate.Contains('\\', StringComparison.Ordinal))
                {
                    if (!Reference.IsValidTag(candidate))
                    {
                        throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                            $"Invalid reference \"{text}\": invalid tag \"{candidate}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.", text);
                    }

                    tag = candidate;
                    rest = rest[..colon];
                }
            }
        }

        if (rest.Length == 0)
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid reference \"{text}\": the layout directory is missing; write oci-layout:<directory>[:tag].", text);
        }

        return new TargetAddress(null, rest, tag, digest, text);
    }

    public override string ToString() => Text;
}
