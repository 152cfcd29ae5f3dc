using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>The errors a layout directory raises; every message names the directory and what to do.</summary>
internal static class LayoutErrors
{
    public static TofuOciException DirectoryMissing(string directory) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"oci-layout:{directory}: the directory does not exist. Check the path, or publish or copy something into it first to create the layout.",
            directory);

    public static TofuOciException HeaderMissing(string directory) =>
        new(ErrorIds.InvalidLayout, ErrorKind.InvalidData,
            $"oci-layout:{directory}: the directory is not an OCI image layout (it has no oci-layout file). Point at the directory that holds oci-layout, index.json and blobs/.",
            directory);

    public static TofuOciException HeaderInvalid(string directory, string problem, Exception? inner = null) =>
        new(ErrorIds.InvalidLayout, ErrorKind.InvalidData,
            $"oci-layout:{directory}: {problem} Only image layout version 1.0.0 is supported; recreate the layout with a tool that writes that version.",
            directory, inner);

    public static TofuOciException IndexInvalid(string directory, string problem, Exception? inner = null) =>
        new(ErrorIds.InvalidLayout, ErrorKind.InvalidData,
            $"oci-layout:{directory}: index.json is not a valid image index ({problem}). Restore it from a backup or recreate the layout.",
            directory, inner);

    public static TofuOciException Busy(string directory, string lockPath, TimeSpan waited) =>
        new(ErrorIds.LayoutBusy, ErrorKind.InvalidOperation,
            $"oci-layout:{directory}: another process has been changing index.json for more than {waited.TotalSeconds:0} s (it holds {lockPath}). Wait for it to finish and retry.",
            directory);

    public static TofuOciException ReferenceNotFound(string directory, string reference) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"oci-layout:{directory}:{reference}: not found in the layout. List the tags of oci-layout:{directory} to see what it holds.",
            reference);

    public static TofuOciException NotAManifest(string directory, string reference) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"oci-layout:{directory}@{reference}: not found as a manifest (a blob with that digest exists, but it is not JSON with a mediaType). Give the digest of a manifest or index.",
            reference);

    public static TofuOciException BlobNotFound(string directory, Descriptor descriptor) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"oci-layout:{directory}: content {descriptor.Digest} is not in the layout (no blobs/{descriptor.Digest.Replace(':', '/')}). The layout is incomplete; copy the artifact into it again.",
            descriptor.Digest);

    public static TofuOciException InvalidTag(string directory, string tag) =>
        new(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
            $"oci-layout:{directory}: invalid tag \"{tag}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.",
            tag);

    public static TofuOciException ManifestTooLarge(string directory, Descriptor descriptor) =>
        new(ErrorIds.ManifestTooLarge, ErrorKind.InvalidData,
            $"oci-layout:{directory}: manifest {descriptor.Digest} is {descriptor.Size} bytes, above the 4 MiB registries and OpenTofu accept; nothing was stored. Publish a smaller manifest.",
            descriptor.Digest);

    public static TofuOciException NegativeSize(string directory, Descriptor descriptor) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidArgument,
            $"oci-layout:{directory}: descriptor {descriptor.Digest} has a negative size ({descriptor.Size}); nothing was stored.",
            descriptor.Digest);

    public static TofuOciException NegativeSize(string directory, long size) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidArgument,
            $"oci-layout:{directory}: a blob of negative size ({size}) cannot be stored; nothing was stored.",
            $"oci-layout:{directory}");

    public static TofuOciException SizeChanged(string displayName, long size, string got) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"The content given as {size} bytes is {got}; nothing was stored in {displayName}. The source file changed while it was read: store it again once it is complete.",
            displayName);
}
