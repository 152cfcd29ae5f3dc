namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The test classes that run the native tofu-oci share one <see cref="NativeCliFixture"/>: without
/// <c>TOFU_OCI_NATIVE</c> it publishes the executable, and two publishes at once would write the same
/// intermediate files and corrupt each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NativeCliGroup : ICollectionFixture<NativeCliFixture>
{
    public const string Name = "native tofu-oci";
}
