using System.Collections.Concurrent;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Referrers.ReferrersTestKit;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Referrers;

/// <summary>
/// The referrers API path, against in-process registry doubles: docker-registry 2.8.2 here has no
/// referrers API, so what a registry with one answers (<c>OCI-Subject</c>, <c>GET referrers/</c>) is played by a double.
/// </summary>
public sealed class ReferrersApiDoubleTests
{
    private const string Provenance = "application/vnd.example.provenance";

    [Fact]
    public async Task A_referrer_is_pushed_and_listed_through_the_referrers_API_without_a_tag_against_an_in_process_referrers_API_double()
    {
        var index = new ConcurrentDictionary<string, ConcurrentQueue<Descriptor>>();
        var (server, _) = await InMemoryRegistry.StartAsync(WithReferrersApi(index));
        await using var _s = server;
        using var repo = Open(server);
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var referrer = Referrer(subject, Provenance, "api");
        var other = Referrer(subject, "application/vnd.example.other", "other");

        await repo.PushReferrerAsync(referrer.Descriptor, referrer.Bytes);
        await repo.PushReferrerAsync(other.Descriptor, other.Bytes);
        var listed = await repo.ListReferrersAsync(subject, Provenance);

        Assert.Equal(Json([Entry(referrer, "api")]), Json(listed));
        var puts = server.Requests.Where(r => r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal)).Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]).ToList();
        Assert.Equal(["1.0.0", referrer.Descriptor.Digest, other.Descriptor.Digest], puts);
        var get = Assert.Single(server.RequestsTo($"/v2/{Repo}/referrers/"));
        Assert.Equal($"/v2/{Repo}/referrers/{subject.Digest}", get.Path);
        Assert.Equal(Provenance, get.QueryValue("artifactType"));
    }

    [Fact]
    public async Task A_registry_answering_404_to_the_referrers_API_gets_the_tag_schema_against_an_in_process_registry_double()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _s = server;
        using var repo = Open(server);
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var referrer = Referrer(subject, Provenance, "tag");

        await repo.PushReferrerAsync(referrer.Descriptor, referrer.Bytes);
        var listed = await repo.ListReferrersAsync(subject);
        var again = await repo.ListReferrersAsync(subject);

        Assert.Equal(Json([Entry(referrer, "tag")]), Json(listed));
        Assert.Equal(Json(listed), Json(again));
        var tagged = registry.Manifests["sha256-" + subject.ParsedDigest().Encoded];
        Assert.Equal(MediaTypes.ImageIndex, tagged.Type);
        Assert.Equal(OciJson.Write(new ImageIndex { Manifests = [Entry(referrer, "tag")] }), tagged.Bytes);
        // Learnt once: the second listing goes straight to the tag.
        Assert.Single(server.RequestsTo($"/v2/{Repo}/referrers/"));
    }

    [Fact]
    public async Task A_tag_schema_index_holding_a_manifest_is_refused_with_InvalidManifest_against_an_in_process_registry_double()
    {
        var (server, _) = await InMemoryRegistry.StartAsync();
        await using var _s = server;
        using var repo = Open(server);
        var subject = await PushSubjectAsync(repo, "subject", "1.0.0");
        var squatter = ManifestBytes("squatter");
        await repo.PushAsync(Manifest(squatter), new MemoryStream(squatter), "sha256-" + subject.ParsedDigest().Encoded);

        var ex = await Assert.ThrowsAsync<Errors.TofuOciException>(() => repo.ListReferrersAsync(subject));

        Assert.Equal(Errors.ErrorIds.InvalidManifest, ex.ErrorId);
        Assert.Equal(
            $"The tag {repo.DisplayName}:sha256-{subject.ParsedDigest().Encoded} is where the referrers of a manifest are listed, but it holds \"{MediaTypes.ImageManifest}\", not an image index. Another tool wrote it; remove or rename that tag so referrers can be listed.",
            ex.Message);
    }
}
