using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Tags;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Referrers.ReferrersTestKit;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Referrers;

/// <summary>Referrers on a real docker-registry 2.8.2, which has no referrers API: the referrers tag schema.</summary>
public sealed class RegistryReferrersTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private const string Provenance = "application/vnd.example.provenance";
    private const string Sbom = "application/vnd.example.sbom";

    private static string UniqueRepo(string name) => $"referrers/{name}-{Guid.NewGuid().ToString("N")[..12]}";

    [Fact]
    public async Task Docker_registry_2_8_2_has_no_referrers_API_so_a_referrer_is_listed_in_the_sha256_tag_index()
    {
        using var repo = fixture.Server.Repository(UniqueRepo("tag"));
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var referrer = Referrer(subject, Provenance, "first");

        await repo.PushReferrerAsync(referrer.Descriptor, referrer.Bytes);

        var tag = "sha256-" + subject.ParsedDigest().Encoded;
        var index = await repo.ResolveAsync(tag);
        Assert.Equal(MediaTypes.ImageIndex, index.MediaType);
        var indexBytes = await ReadAllAsync(await repo.FetchAsync(index));
        Assert.Equal(OciJson.Write(new ImageIndex { Manifests = [Entry(referrer, "first")] }), indexBytes);
        Assert.Equal(Json([Entry(referrer, "first")]), Json(await repo.ListReferrersAsync(subject)));
        Assert.Equal(referrer.Bytes, await ReadAllAsync(await repo.FetchAsync(referrer.Descriptor)));
    }

    [Fact]
    public async Task Pushing_a_referrer_again_keeps_one_entry_and_a_second_referrer_is_listed_after_the_first()
    {
        using var repo = fixture.Server.Repository(UniqueRepo("twice"));
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var first = Referrer(subject, Provenance, "first");
        var second = Referrer(subject, Sbom, "second");

        await repo.PushReferrerAsync(first.Descriptor, first.Bytes);
        await repo.PushReferrerAsync(first.Descriptor, first.Bytes);
        await repo.PushReferrerAsync(second.Descriptor, second.Bytes);

        Assert.Equal(Json([Entry(first, "first"), Entry(second, "second")]), Json(await repo.ListReferrersAsync(subject)));
        Assert.Equal(Json([Entry(second, "second")]), Json(await repo.ListReferrersAsync(subject, Sbom)));
        Assert.Empty(await repo.ListReferrersAsync(subject, "application/vnd.example.none"));
    }

    [Fact]
    public async Task A_writer_that_finds_the_referrers_tag_moved_before_its_write_merges_the_other_writers_entry()
    {
        using var repo = fixture.Server.Repository(UniqueRepo("race"));
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var mine = Referrer(subject, Provenance, "mine");
        var theirs = Referrer(subject, Provenance, "theirs");
        await repo.PushAsync(mine.Descriptor, new MemoryStream(mine.Bytes));
        await repo.PushAsync(theirs.Descriptor, new MemoryStream(theirs.Bytes));
        var tag = ReferrersTag.For(subject.ParsedDigest());
        // The other writer adds its entry after this one read the (missing) index and before it writes.
        var interleaved = new InterleavingTarget(repo, tag, resolveCall: 2,
            () => ReferrersTag.AddAsync(repo, Entry(theirs, "theirs"), subject.ParsedDigest(), default));

        await ReferrersTag.AddAsync(interleaved, Entry(mine, "mine"), subject.ParsedDigest(), default);

        Assert.True(interleaved.Ran);
        Assert.Equal(Json([Entry(theirs, "theirs"), Entry(mine, "mine")]), Json(await repo.ListReferrersAsync(subject)));
    }

    [Fact]
    public async Task A_subject_nothing_refers_to_has_no_referrers()
    {
        using var repo = fixture.Server.Repository(UniqueRepo("none"));
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");

        Assert.Empty(await repo.ListReferrersAsync(subject));
    }

    [Fact]
    public async Task A_referrers_tag_in_a_provider_repository_is_not_a_version_and_is_dropped_silently()
    {
        using var repo = fixture.Server.Repository(UniqueRepo("provider"));
        var subject = await PushSubjectAsync(repo, "index", "1.0.0");
        var referrer = Referrer(subject, Provenance, "p");
        await repo.PushReferrerAsync(referrer.Descriptor, referrer.Bytes);
        var tag = "sha256-" + subject.ParsedDigest().Encoded;

        var versions = await ProviderVersionCatalog.ListAsync(repo, ProviderAddress.Parse("example.com/ns/hello"));
        var tags = await TagQuery.ListAsync(repo, repo.DisplayName);

        Assert.Equal(["1.0.0"], versions.Select(v => v.Version.ToString()));
        Assert.Equal(["1.0.0", tag], tags.Select(t => t.Tag));
        Assert.Null(tags[1].Version);
        Assert.True(ReferrersTag.IsReferrersTag(tag));
        Assert.False(ReferrersTag.IsReferrersTag("1.0.0"));
    }
}
