namespace OpenTofuOci.Core.Access;

/// <summary>Why an option that was given does not apply.</summary>
public enum IgnoredReason
{
    /// <summary>Every address is an OCI image-layout directory, so no registry is reached.</summary>
    LayoutOnly,

    /// <summary>A credential registry without an explicit credential to send there.</summary>
    NoCredential,

    /// <summary>The repository is read again the way it was listed, and its credential goes to its own registry.</summary>
    Carried,
}

/// <summary>An option that was given but does not apply to this command's repositories, and why.</summary>
/// <param name="Option">The option, for the front end to spell.</param>
/// <param name="Reason">Why it does not apply.</param>
public sealed record IgnoredOption(Errors.UserOption Option, IgnoredReason Reason);
