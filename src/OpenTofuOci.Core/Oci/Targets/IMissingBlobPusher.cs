namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// A target whose <see cref="IContentPusher.PushAsync"/> asks whether a blob is there before sending it
/// (a registry: <c>HEAD</c>, then the upload). A caller that has just asked itself, to count the blob as
/// skipped or sent, uses <see cref="PushMissingAsync"/> so the question is not put twice: one round
/// trip less per blob on every publish, copy and import (docs/design.md "Core shape").
/// </summary>
public interface IMissingBlobPusher
{
    /// <summary>
    /// Stores a blob the caller found missing a moment ago, without asking the target again. Content is
    /// verified against <paramref name="descriptor"/> as for <see cref="IContentPusher.PushAsync"/>; if
    /// the blob arrived in between, sending it again changes nothing.
    /// </summary>
    Task PushMissingAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default);
}

/// <summary>Pushes a blob found missing through <see cref="IMissingBlobPusher"/> when the target has it.</summary>
public static class MissingBlobPush
{
    /// <summary>
    /// <see cref="IMissingBlobPusher.PushMissingAsync"/> when <paramref name="target"/> offers it, else
    /// <see cref="IContentPusher.PushAsync"/>. Only for content the caller has just found missing.
    /// </summary>
    public static Task PushMissingAsync(this IContentPusher target, Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target is IMissingBlobPusher pusher && !MediaTypes.IsManifest(descriptor.MediaType)
            ? pusher.PushMissingAsync(descriptor, content, cancellationToken)
            : target.PushAsync(descriptor, content, cancellationToken);
    }
}
