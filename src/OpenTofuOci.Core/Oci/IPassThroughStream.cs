namespace OpenTofuOci.Core.Oci;

/// <summary>
/// A read-only wrapper that returns exactly the bytes of <see cref="Source"/>, read for read, and is
/// the only reader of it; so whatever <see cref="Source"/> verifies, the wrapper verifies too.
/// </summary>
internal interface IPassThroughStream
{
    /// <summary>The wrapped stream.</summary>
    Stream Source { get; }
}
