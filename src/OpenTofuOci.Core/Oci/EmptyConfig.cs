namespace OpenTofuOci.Core.Oci;

/// <summary>
/// The empty JSON config <c>{}</c> used by artifacts that have no config.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor">image-spec empty descriptor</see>.
/// </summary>
public static class EmptyConfig
{
    /// <summary>The two bytes <c>{}</c>.</summary>
    public static ReadOnlyMemory<byte> Content { get; } = "{}"u8.ToArray();

    /// <summary>The digest of <c>{}</c>.</summary>
    public const string Digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    /// <summary>The descriptor, with the content inlined as <c>data</c> like ORAS writes it.</summary>
    public static Descriptor Descriptor { get; } = new()
    {
        MediaType = MediaTypes.EmptyJson,
        Digest = Digest,
        Size = 2,
        Data = "e30=",
    };
}
