namespace OpenTofuOci.Core.Bundles.Verify;

/// <summary>
/// Rule ids of bundle verification that the mirror audit does not have (docs/opentofu-compatibility.md §13
/// "Verify"); the others are <see cref="Auditing.AuditRules"/>. Ids never change meaning.
/// </summary>
public static class BundleRules
{
    /// <summary>An entry of the bundle's contents names a tag its repository view does not have.</summary>
    public const string BundleEntryMissing = nameof(BundleEntryMissing);

    /// <summary>What the contents record (index, manifest or zip digest, zip size, <c>h1:</c>, <c>zh:</c>) differs from what the layout holds.</summary>
    public const string BundleContentsMismatch = nameof(BundleContentsMismatch);

    /// <summary>A file in <c>blobs/</c> is not a blob of any kind this layout could name (a name that is no digest).</summary>
    public const string StrayFile = nameof(StrayFile);
}
