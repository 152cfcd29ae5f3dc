namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Everything needed to read artifacts from a repository or layout.
/// Modelled on ORAS's small capability interfaces; see docs/design.md "Core shape".
/// </summary>
public interface IReadOnlyTarget : IReferenceResolver, IContentFetcher, IContentChecker, ITagLister
{
    /// <summary>How the target is shown in messages: <c>host/repo</c> or <c>oci-layout:dir</c>.</summary>
    string DisplayName { get; }
}

/// <summary>A repository or layout that can also be written.</summary>
public interface ITarget : IReadOnlyTarget, IContentPusher, IReferencePusher, ITagger
{
}
