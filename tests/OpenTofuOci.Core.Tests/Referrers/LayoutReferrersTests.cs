using System.Text.Json;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using static OpenTofuOci.Core.Tests.Referrers.ReferrersTestKit;

namespace OpenTofuOci.Core.Tests.Referrers;

/// <summary>Referrers in an OCI layout: the referrer is a blob, listed by the sha256-HEX tagged index in index.json.</summary>
public sealed class LayoutReferrersTests
{
    [Fact]
    public async Task A_layout_lists_referrers_from_the_sha256_tagged_root_in_index_json()
    {
        using var dir = new TempDirectory("tofuoci-referrers-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "subject", "1.0.0");
        var first = Referrer(subject, "application/vnd.example.a", "a");
        var second = Referrer(subject, "application/vnd.example.b", "b");

        await store.PushReferrerAsync(first.Descriptor, first.Bytes);
        await store.PushReferrerAsync(second.Descriptor, second.Bytes);
        await store.PushReferrerAsync(first.Descriptor, first.Bytes);

        Assert.Equal(Json([Entry(first, "a"), Entry(second, "b")]), Json(await store.ListReferrersAsync(subject)));
        Assert.Equal(Json([Entry(second, "b")]), Json(await store.ListReferrersAsync(subject, "application/vnd.example.b")));
        var tag = ReferrersTag.For(subject.ParsedDigest());
        using var indexJson = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dir.Path, "index.json")));
        var refNames = indexJson.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("annotations").GetProperty(AnnotationKeys.RefName).GetString()).ToList();
        Assert.Equal(["1.0.0", tag], refNames);
        Assert.True(File.Exists(Path.Combine(dir.Path, "blobs", "sha256", first.Descriptor.ParsedDigest().Encoded)));
    }

    [Fact]
    public async Task A_layout_that_does_not_exist_yet_has_no_referrers()
    {
        using var dir = new TempDirectory("tofuoci-referrers-");
        var store = new OciLayoutStore(Path.Combine(dir.Path, "new"));
        var subject = Descriptor.FromBytes(MediaTypes.ImageManifest, "{}"u8);

        Assert.Empty(await store.ListReferrersAsync(subject));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "new")));
    }

    [Fact]
    public void The_referrers_tag_of_a_sha512_digest_keeps_64_hex_digits()
    {
        var sha512 = Digest.Compute("x"u8, DigestAlgorithm.Sha512);
        var sha256 = Digest.Compute("x"u8);

        Assert.Equal("sha512-" + sha512.Encoded[..64], ReferrersTag.For(sha512));
        Assert.Equal("sha256-" + sha256.Encoded, ReferrersTag.For(sha256));
        Assert.True(ReferrersTag.IsReferrersTag(ReferrersTag.For(sha512)));
        Assert.False(ReferrersTag.IsReferrersTag("sha256-" + sha256.Encoded.ToUpperInvariant()));
        Assert.False(ReferrersTag.IsReferrersTag("sha256-abc"));
    }
}
