using System.Collections.Concurrent;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Referrers.ReferrersTestKit;

namespace OpenTofuOci.Core.Tests.Providers.Provenance;

/// <summary>Provenance artifacts pushed to and found in a real registry (tag schema), a layout and a referrers API double.</summary>
public sealed class ProvenanceStoreTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private const string SumsName = "terraform-provider-hello_1.0.0_SHA256SUMS";

    internal static ProviderProvenance Signed => new()
    {
        ChecksumsFileName = SumsName,
        Checksums = Encoding.ASCII.GetBytes($"{new string('a', 64)}  terraform-provider-hello_1.0.0_linux_amd64.zip\n"),
        Signature = [0x89, 0x01, 0x02, 0x03],
        SigningKey = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----\n",
        Source = "https://registry.example.com/v1/providers/example/hello/1.0.0/download/linux/amd64",
        SourceKind = "registry",
        SignedBy = "0123456789ABCDEF",
        Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
    };

    internal static ProviderProvenance Unsigned => new()
    {
        ChecksumsFileName = SumsName,
        Checksums = Encoding.ASCII.GetBytes($"{new string('b', 64)}  terraform-provider-hello_1.0.0_linux_amd64.zip\n"),
        Source = "/srv/mirror",
        SourceKind = "directory",
    };

    private static void AssertSame(ProviderProvenance expected, ProviderProvenance actual)
    {
        Assert.Equal(expected.ChecksumsFileName, actual.ChecksumsFileName);
        Assert.Equal(expected.Checksums, actual.Checksums);
        Assert.Equal(expected.Signature, actual.Signature);
        Assert.Equal(expected.SigningKey, actual.SigningKey);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.SourceKind, actual.SourceKind);
        Assert.Equal(expected.SignedBy, actual.SignedBy);
        Assert.Equal(expected.Created, actual.Created);
    }

    [Fact]
    public async Task Signed_provenance_pushed_to_docker_registry_2_8_2_is_found_with_the_same_content()
    {
        using var repo = fixture.Server.Repository($"provenance/signed-{Guid.NewGuid():N}");
        var subject = await PushSubjectAsync(repo, "index", "1.0.0");

        var pushed = await ProvenanceStore.PushAsync(repo, subject, Signed);
        var found = Assert.Single(await ProvenanceStore.FindAsync(repo, subject));

        Assert.Equal(pushed.Digest, found.Manifest.Digest);
        AssertSame(Signed, found.Provenance);
        var manifest = OciJson.ReadManifest(await RemoteTestKit.ReadAllAsync(await repo.FetchAsync(pushed)));
        Assert.Equal(ProvenanceFormat.ArtifactType, manifest.ArtifactType);
        Assert.Equal([("text/plain", SumsName), ("application/pgp-signature", SumsName + ".sig"), ("application/pgp-keys", SumsName + ".key.asc")],
            manifest.Layers.Select(l => (l.MediaType, l.Annotation(AnnotationKeys.Title)!)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["org.opentofu-oci.provenance.source"] = Signed.Source,
            ["org.opentofu-oci.provenance.source-kind"] = "registry",
            ["org.opentofu-oci.provenance.signed"] = "true",
            ["org.opentofu-oci.provenance.signed-by"] = "0123456789ABCDEF",
            [AnnotationKeys.Created] = "2026-01-02T01:04:05Z",
        }, manifest.Annotations);
        Assert.Equal(subject.Digest, manifest.Subject!.Digest);
        Assert.Equal(MediaTypes.EmptyJson, manifest.Config!.MediaType);
    }

    [Fact]
    public async Task Unsigned_provenance_in_a_layout_is_found_and_a_second_push_changes_nothing()
    {
        using var dir = new TempDirectory("tofuoci-provenance-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "index", "1.0.0");

        var first = await ProvenanceStore.PushAsync(store, subject, Unsigned);
        var indexJson = await File.ReadAllBytesAsync(dir.Combine("index.json"));
        var blobs = Directory.GetFiles(dir.Combine("blobs", "sha256")).Order(StringComparer.Ordinal).ToArray();
        var second = await ProvenanceStore.PushAsync(store, subject, Unsigned);

        Assert.Equal(first, second);
        Assert.Equal(indexJson, await File.ReadAllBytesAsync(dir.Combine("index.json")));
        Assert.Equal(blobs, Directory.GetFiles(dir.Combine("blobs", "sha256")).Order(StringComparer.Ordinal).ToArray());
        var found = Assert.Single(await ProvenanceStore.FindAsync(store, subject));
        AssertSame(Unsigned, found.Provenance);
        Assert.False(found.Provenance.IsSigned);
    }

    [Fact]
    public async Task A_second_push_uploads_nothing_against_an_in_process_referrers_API_double()
    {
        var index = new ConcurrentDictionary<string, ConcurrentQueue<Descriptor>>();
        var (server, _) = await InMemoryRegistry.StartAsync(WithReferrersApi(index));
        await using var _s = server;
        using var repo = RemoteTestKit.Open(server);
        var subject = await PushSubjectAsync(repo, "index", "1.0.0");
        await ProvenanceStore.PushAsync(repo, subject, Signed);
        var before = server.Requests.Count;

        await ProvenanceStore.PushAsync(repo, subject, Signed);

        var after = server.Requests.Skip(before).Select(r => r.Method + " " + r.Path).ToList();
        Assert.Equal([$"GET /v2/{RemoteTestKit.Repo}/referrers/{subject.Digest}"], after);
        var found = Assert.Single(await ProvenanceStore.FindAsync(repo, subject));
        AssertSame(Signed, found.Provenance);
    }

    [Fact]
    public async Task Several_artifacts_are_found_newest_first()
    {
        using var dir = new TempDirectory("tofuoci-provenance-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "index", "1.0.0");
        var older = Signed with { Created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        await ProvenanceStore.PushAsync(store, subject, Unsigned);
        await ProvenanceStore.PushAsync(store, subject, older);
        await ProvenanceStore.PushAsync(store, subject, Signed);

        Assert.Equal([Signed.Created, older.Created, null], (await ProvenanceStore.FindAsync(store, subject)).Select(p => p.Provenance.Created));
    }

    [Fact]
    public async Task An_artifact_with_two_layers_is_refused_with_InvalidProvenance_naming_its_digest_and_the_rule()
    {
        using var dir = new TempDirectory("tofuoci-provenance-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "index", "1.0.0");
        var sums = Signed.Checksums;
        var layer = Descriptor.FromBytes("text/plain", sums) with { Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = SumsName } };
        await store.PushAsync(layer, new MemoryStream(sums));
        var bytes = OciJson.Write(new ImageManifest
        {
            ArtifactType = ProvenanceFormat.ArtifactType,
            Config = EmptyConfig.Descriptor,
            Layers = [layer, layer],
            Subject = subject,
            Annotations = new Dictionary<string, string> { [ProvenanceFormat.SourceAnnotation] = "s", [ProvenanceFormat.SourceKindAnnotation] = "k", [ProvenanceFormat.SignedAnnotation] = "false" },
        });
        var bad = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes);
        await store.PushReferrerAsync(bad, bytes);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProvenanceStore.FindAsync(store, subject));

        Assert.Equal(ErrorIds.InvalidProvenance, ex.ErrorId);
        Assert.Equal(
            $"The provenance artifact {bad.Digest} in {store.DisplayName} for {subject.Digest} is malformed: it has 2 layers; a provenance artifact has the checksum list, and when signed its signature and key (1 or 3). Delete it and mirror the version again.",
            ex.Message);
    }

    [Fact]
    public async Task A_signature_layer_above_64_KiB_is_refused_before_it_is_read()
    {
        using var dir = new TempDirectory("tofuoci-provenance-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "index", "1.0.0");
        var built = Signed;
        var bytes = OciJson.Write(new ImageManifest
        {
            ArtifactType = ProvenanceFormat.ArtifactType,
            Config = EmptyConfig.Descriptor,
            Layers =
            [
                Descriptor.FromBytes("text/plain", built.Checksums) with { Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = SumsName } },
                new Descriptor { MediaType = "application/pgp-signature", Digest = "sha256:" + new string('c', 64), Size = 65537, Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = SumsName + ".sig" } },
                Descriptor.FromBytes("application/pgp-keys", Encoding.UTF8.GetBytes(built.SigningKey!)) with { Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = SumsName + ".key.asc" } },
            ],
            Subject = subject,
            Annotations = new Dictionary<string, string> { [ProvenanceFormat.SourceAnnotation] = "s", [ProvenanceFormat.SourceKindAnnotation] = "k", [ProvenanceFormat.SignedAnnotation] = "true" },
        });
        var bad = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes);
        await store.PushAsync(bad, new MemoryStream(bytes));
        await ReferrersTag.AddAsync(store, bad with { ArtifactType = ProvenanceFormat.ArtifactType }, subject.ParsedDigest(), default);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProvenanceStore.FindAsync(store, subject));

        Assert.Equal(ErrorIds.InvalidProvenance, ex.ErrorId);
        Assert.Contains($"{bad.Digest} in {store.DisplayName} for {subject.Digest} is malformed: its signature layer is 65537 bytes; it must be 1 to 65536.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_without_its_key_is_not_pushed()
    {
        using var dir = new TempDirectory("tofuoci-provenance-");
        var store = new OciLayoutStore(dir.Path);
        var subject = await PushSubjectAsync(store, "index", "1.0.0");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProvenanceStore.PushAsync(store, subject, Signed with { SigningKey = null }));

        Assert.Equal(ErrorIds.InvalidProvenance, ex.ErrorId);
        Assert.Equal($"The provenance of {SumsName} cannot be stored: it has a signature without its key, or a key without a signature. Nothing was pushed.", ex.Message);
        Assert.Empty(await store.ListReferrersAsync(subject));
    }
}
