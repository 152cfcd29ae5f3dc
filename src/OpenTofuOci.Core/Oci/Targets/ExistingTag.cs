using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>What a tag points at before a publish writes it, so publishers can refuse to move it silently.</summary>
internal static class ExistingTag
{
    /// <summary>
    /// The digest <paramref name="tag"/> resolves to in <paramref name="target"/>, or null when the tag,
    /// its repository, or (for a layout) the layout itself does not exist yet.
    /// </summary>
    public static async Task<string?> DigestAsync(IReadOnlyTarget target, string tag, CancellationToken cancellationToken)
    {
        try
        {
            return (await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false)).Digest;
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return null;
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidLayout && target is ICreatedOnFirstPush { IsCreated: false })
        {
            // A directory that is not a layout yet (e.g. just created) holds no tags; the first push makes it one.
            return null;
        }
    }
}
