namespace OpenTofuOci.Core.Modules;

/// <summary>What a module publish did to its tags.</summary>
public enum ModulePublishStatus
{
    /// <summary>At least one tag was new and now points at the package; no tag was moved.</summary>
    Published,
    /// <summary>Every tag already pointed at exactly this package; nothing was written.</summary>
    Unchanged,
    /// <summary>At least one tag pointed at other content and was moved (Force).</summary>
    Replaced,
}

/// <summary>A tag a forced publish moved.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="PreviousDigest">The manifest it pointed at before.</param>
public sealed record ModuleTagReplacement(string Tag, string PreviousDigest);
