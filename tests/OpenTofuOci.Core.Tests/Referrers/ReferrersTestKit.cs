using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Referrers;

/// <summary>Subjects and referrer manifests for the referrers tests, and an in-process double of a registry with the referrers API.</summary>
internal static class ReferrersTestKit
{
    /// <summary>Pushes a small manifest (empty config, no layers) to be a subject.</summary>
    public static async Task<Descriptor> PushSubjectAsync(ITarget target, string seed, string? tag = null)
    {
        await PushEmptyConfigAsync(target);
        var bytes = ManifestBytes(seed);
        var d = Manifest(bytes);
        if (tag is null)
        {
            await target.PushAsync(d, new MemoryStream(bytes));
        }
        else
        {
            await target.PushAsync(d, new MemoryStream(bytes), tag);
        }

        return d;
    }

    public static async Task PushEmptyConfigAsync(ITarget target) =>
        await target.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));

    /// <summary>A referrer manifest of <paramref name="artifactType"/> whose subject is <paramref name="subject"/>, with one annotation.</summary>
    public static (Descriptor Descriptor, byte[] Bytes) Referrer(Descriptor subject, string artifactType, string note)
    {
        var bytes = OciJson.Write(new ImageManifest
        {
            ArtifactType = artifactType,
            Config = EmptyConfig.Descriptor,
            Layers = [EmptyConfig.Descriptor with { Data = null }],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = new Dictionary<string, string> { ["note"] = note },
        });
        return (Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, artifactType), bytes);
    }

    /// <summary>What a referrers index lists for a referrer made by <see cref="Referrer"/>.</summary>
    public static Descriptor Entry((Descriptor Descriptor, byte[] Bytes) referrer, string note) =>
        referrer.Descriptor with { Annotations = new Dictionary<string, string> { ["note"] = note } };

    /// <summary>
    /// Turns an <see cref="InMemoryRegistry"/> into one with the referrers API: a manifest PUT with a subject is
    /// answered with <c>OCI-Subject</c> and indexed; <c>GET referrers/&lt;digest&gt;</c> answers an index,
    /// filtered by <c>artifactType</c> with <c>OCI-Filters-Applied</c>. A real registry with the API is not
    /// available here (docker-registry 2.8.2 has none), hence the double.
    /// </summary>
    public static InMemoryRegistry WithReferrersApi(ConcurrentDictionary<string, ConcurrentQueue<Descriptor>> referrers)
    {
        InMemoryRegistry? registry = null;
        registry = new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                var manifests = $"/v2/{Repo}/manifests/";
                if (r.Method == "PUT" && r.Path.StartsWith(manifests, StringComparison.Ordinal))
                {
                    var digest = Digest.Compute(r.Body).ToString();
                    registry!.Manifests[r.Path[manifests.Length..]] = (r.Header("Content-Type")!, r.Body);
                    registry.Manifests[digest] = (r.Header("Content-Type")!, r.Body);
                    var parsed = OciJson.ReadManifest(r.Body);
                    if (parsed.Subject is { } subject)
                    {
                        var d = Descriptor.FromBytes(MediaTypes.ImageManifest, r.Body);
                        referrers.GetOrAdd(subject.Digest, _ => new()).Enqueue(ReferrersTag.EntryFor(d, parsed));
                        ctx.Response.Headers["OCI-Subject"] = subject.Digest;
                    }

                    await WriteAsync(ctx, 201, digest: digest);
                    return true;
                }

                var prefix = $"/v2/{Repo}/referrers/";
                if (r.Method == "GET" && r.Path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var type = r.QueryValue("artifactType");
                    var listed = referrers.TryGetValue(r.Path[prefix.Length..], out var q) ? q.ToList() : [];
                    if (type is not null)
                    {
                        listed = listed.Where(e => e.ArtifactType == type).ToList();
                        ctx.Response.Headers["OCI-Filters-Applied"] = "artifactType";
                    }

                    await WriteAsync(ctx, 200, OciJson.Write(new ImageIndex { Manifests = listed }), MediaTypes.ImageIndex);
                    return true;
                }

                return false;
            },
        };
        return registry;
    }

    public static string Json(Descriptor d) => Encoding.UTF8.GetString(OciJson.Write(d));

    public static string[] Json(IEnumerable<Descriptor> ds) => ds.Select(Json).ToArray();

    /// <summary>The manifests field of an index, as written.</summary>
    public static string ManifestsOf(byte[] index) =>
        JsonDocument.Parse(index).RootElement.GetProperty("manifests").GetRawText();

    /// <summary>A target that runs <paramref name="interloper"/> once, just before the given resolve of <paramref name="tag"/> is answered.</summary>
    public sealed class InterleavingTarget(ITarget inner, string tag, int resolveCall, Func<Task> interloper) : ITarget
    {
        private int _calls;

        public bool Ran { get; private set; }

        public string DisplayName => inner.DisplayName;

        public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
        {
            if (reference == tag && Interlocked.Increment(ref _calls) == resolveCall)
            {
                await interloper();
                Ran = true;
            }

            return await inner.ResolveAsync(reference, cancellationToken);
        }

        public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.FetchAsync(descriptor, cancellationToken);

        public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.ExistsAsync(descriptor, cancellationToken);

        public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => inner.ListTagsAsync(cancellationToken);

        public Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default) => inner.PushAsync(descriptor, content, cancellationToken);

        public Task PushAsync(Descriptor descriptor, Stream content, string reference, CancellationToken cancellationToken = default) => inner.PushAsync(descriptor, content, reference, cancellationToken);

        public Task TagAsync(Descriptor descriptor, string reference, CancellationToken cancellationToken = default) => inner.TagAsync(descriptor, reference, cancellationToken);
    }
}
