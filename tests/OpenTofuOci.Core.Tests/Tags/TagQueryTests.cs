using System.Runtime.CompilerServices;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tags;

namespace OpenTofuOci.Core.Tests.Tags;

public sealed class TagQueryTests
{
    private sealed class TagsOnly(params string[] tags) : IReadOnlyTarget
    {
        public string DisplayName => "fake";
        public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var t in tags)
            {
                await Task.Yield();
                yield return t;
            }
        }

        public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Tags_are_sorted_by_version_then_name_with_non_versions_last()
    {
        var entries = await TagQuery.ListAsync(new TagsOnly("latest", "1.10.0", "1.0.0", "1.0", "1.2.0_b", "v1.0.0", "1.2.0-rc1", "1.2.0_a", "abc"), "reg/repo");
        Assert.Equal(["1.0", "1.0.0", "1.2.0-rc1", "1.2.0_a", "1.2.0_b", "1.10.0", "abc", "latest", "v1.0.0"], entries.Select(e => e.Tag));
        Assert.Equal(["1.0.0", "1.0.0", "1.2.0-rc1", "1.2.0+a", "1.2.0+b", "1.10.0", null, null, null], entries.Select(e => e.Version?.ToString()));
        Assert.All(entries, e => Assert.Equal("reg/repo", e.Repository));
    }
}
