namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>What a copy did.</summary>
/// <param name="Root">The copied root manifest (identical digest in source and destination).</param>
/// <param name="Tag">The tag given to it in the destination, if any.</param>
/// <param name="ItemsCopied">Manifests and blobs transferred.</param>
/// <param name="ItemsSkipped">Manifests and blobs the destination already had.</param>
/// <param name="ItemsMounted">Blobs mounted from another repository of the same registry.</param>
/// <param name="BytesCopied">Bytes transferred.</param>
public sealed record CopyResult(Descriptor Root, string? Tag, int ItemsCopied, int ItemsSkipped, int ItemsMounted, long BytesCopied);
