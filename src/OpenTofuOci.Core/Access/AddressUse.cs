namespace OpenTofuOci.Core.Access;

/// <summary>
/// What a command does with an address it was given, which decides whether the address may or must
/// name a tag or digest. One mistake gives one error id whichever front end it came through
/// (docs/design.md "Access: one way to reach a registry").
/// </summary>
public enum AddressUse
{
    /// <summary>A repository alone, without tag or digest: tags are listed, versions chosen or written by the command itself.</summary>
    Repository,

    /// <summary>Where something is written with an optional tag, never a digest (a copy or the sample provider).</summary>
    Destination,

    /// <summary>One artifact, named by a tag or a digest (what a copy reads; a module source).</summary>
    Artifact,

    /// <summary>One provider version, named by its tag (what a provider version copy reads).</summary>
    Version,

    /// <summary>A registry (<c>host[:port]</c>) without a repository, such as the one a login is for.</summary>
    Registry,

    /// <summary>A registry repository whose credentials are looked up without contacting it; a tag or digest is ignored, a layout refused.</summary>
    CredentialLookup,
}
