using System.Runtime.CompilerServices;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// No digest covers a tag list: one changed in transit can hide the version or show another. An
/// install gives a negative answer (ProviderNotFound, NoMatchingVersion, a version that is not
/// there) only after it listed the tags once more; a listing that changed is then used.
/// </summary>
public sealed class TagListConfirmationTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");

    [Theory]
    [InlineData("")]
    [InlineData("1.0.1")]
    [InlineData("0.9.0,latest")]
    public async Task A_tag_list_changed_in_transit_once_is_listed_again_and_the_install_succeeds(string first)
    {
        var firstListing = first.Split(',', StringSplitOptions.RemoveEmptyEntries);
        using var temp = new TempDirectory();
        var zips = await PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", "linux_amd64");
        var target = new TagsChangedOnce(new OciLayoutStore(temp.Combine("layout")), firstListing);

        var result = await Install(target, temp.Combine("cache"), VersionConstraint.Parse(">= 1.0.0"));

        Assert.Empty(result.Failures);
        var package = Assert.Single(result.Packages);
        Assert.Equal("1.0.0", package.Version.ToString());
        Assert.Equal(Zh(zips["linux_amd64"]), package.Zh);
        Assert.Equal(2, target.Listings);
    }

    [Fact]
    public async Task A_repository_without_the_version_is_listed_twice_and_then_reported_as_no_matching_version()
    {
        using var temp = new TempDirectory();
        await PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", "linux_amd64");
        var target = new TagsChangedOnce(new OciLayoutStore(temp.Combine("layout")), null);

        var result = await Install(target, temp.Combine("cache"), VersionConstraint.Parse(">= 2.0.0"));

        Assert.Empty(result.Packages);
        Assert.Equal(ErrorCode.NoMatchingVersion, Assert.Single(result.Failures).Error.Code);
        Assert.Equal(2, target.Listings);
        Assert.False(Directory.Exists(temp.Combine("cache")));
    }

    private static Task<ProviderInstallResult> Install(IReadOnlyTarget target, string destination, VersionConstraint constraint) =>
        new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => target)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [new ProviderRequirement(Hello, constraint)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = destination,
        });

    /// <summary>A layout whose first tag listing is replaced by <paramref name="first"/> (null: not replaced).</summary>
    private sealed class TagsChangedOnce(IReadOnlyTarget inner, string[]? first) : IReadOnlyTarget
    {
        private int _listings;

        public int Listings => _listings;

        public string DisplayName => inner.DisplayName;

        public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _listings) == 1 && first is not null)
            {
                foreach (var tag in first)
                {
                    yield return tag;
                }

                yield break;
            }

            await foreach (var tag in inner.ListTagsAsync(cancellationToken))
            {
                yield return tag;
            }
        }

        public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => inner.ResolveAsync(reference, cancellationToken);

        public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.FetchAsync(descriptor, cancellationToken);

        public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.ExistsAsync(descriptor, cancellationToken);
    }
}
