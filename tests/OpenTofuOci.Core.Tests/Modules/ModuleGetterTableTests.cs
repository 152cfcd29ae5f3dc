using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>
/// The unit-test table of OpenTofu's OCI module getter (docs/opentofu-compatibility.md §3.4) as our own cases,
/// against a real docker-registry instead of an in-memory store: repository <c>main</c> has <c>latest</c>,
/// <c>foo</c> and an untagged manifest reachable only by digest; <c>empty</c> has nothing.
/// </summary>
public sealed class ModuleGetterTableTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string _main = string.Empty;
    private string _empty = string.Empty;
    private string _digestOnly = string.Empty;

    private string Host => fixture.Server.Address;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _main = $"table{suffix}/main";
        _empty = $"table{suffix}/empty";
        var main = fixture.Server.Repository(_main);
        await ModulePackages.PushZipAsync(main, "latest", await ModulePackages.ZipAsync(_dir.Path, ("test_content.txt", "content of latest")));
        await ModulePackages.PushZipAsync(main, "foo", await ModulePackages.ZipAsync(_dir.Path, ("test_content.txt", "content of foo")));
        _digestOnly = (await ModulePackages.PushZipAsync(main, null, await ModulePackages.ZipAsync(_dir.Path, ("test_content.txt", "content of digest-only reference")))).Digest;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private async Task<ModuleSaveResult> SaveAsync(string source, string? destination = null)
    {
        var address = ModuleAddress.Parse(source);
        var target = new RemoteRepository(address.Remote!.Registry, address.Remote.Repository, new RemoteRepositoryOptions { PlainHttp = true });
        return await ModuleSaver.SaveAsync(target, address, destination ?? _dir.Combine("out-" + Guid.NewGuid().ToString("N")[..8]));
    }

    [Theory]
    [InlineData("", "content of latest")]
    [InlineData("?tag=foo", "content of foo")]
    [InlineData("?digest=", "content of digest-only reference")]
    public async Task Tags_and_digests_select_the_package(string query, string expected)
    {
        var source = $"oci://{Host}/{_main}{(query == "?digest=" ? query + _digestOnly : query)}";
        var result = await SaveAsync(source);
        Assert.Equal(["test_content.txt"], ModulePackages.ReadTree(result.Destination).Keys);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(result.Destination, "test_content.txt")));
        Assert.Equal(1, result.FileCount);
        Assert.Equal(source, result.Source);
        Assert.Equal($"oci://{Host}/{_main}?digest={result.ManifestDigest}", result.PinnedSource);
        if (query == "?digest=")
        {
            Assert.Equal(_digestOnly, result.ManifestDigest);
        }
    }

    [Fact]
    public async Task An_unreachable_registry_fails_to_connect()
    {
        var e = await Assert.ThrowsAsync<TofuOciException>(() => SaveAsync("oci://127.0.0.1:1/boop"));
        Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
        Assert.StartsWith("Module source \"oci://127.0.0.1:1/boop\": resolving tag \"latest\": ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "resolving tag \"latest\": ", "Nothing is tagged \"latest\"")]
    [InlineData("?tag=baz", "resolving tag \"baz\": ", "Nothing is tagged \"baz\"")]
    [InlineData("?digest=sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac", "resolving digest sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac: ", "has no manifest")]
    public async Task Nothing_to_resolve_is_not_found_and_nothing_is_written(string query, string what, string hint)
    {
        var destination = _dir.Combine("never-" + Guid.NewGuid().ToString("N")[..8]);
        var source = $"oci://{Host}/{_empty}{query}";
        var e = await Assert.ThrowsAsync<TofuOciException>(() => SaveAsync(source, destination));
        Assert.Equal(ErrorIds.NotFound, e.ErrorId);
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.StartsWith($"Module source \"{source}\": {what}", e.Message, StringComparison.Ordinal);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(destination));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir.Path), p => Path.GetFileName(p).StartsWith(".never", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oci://{0}/in$valid", ErrorIds.InvalidReference)]
    [InlineData("oci://{0}/empty?tag=in$valid", ErrorIds.InvalidReference)]
    [InlineData("oci://{0}/main?tag=", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?tag=foo&tag=bar", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?digest=nope", ErrorIds.InvalidDigest)]
    [InlineData("oci://{0}/main?digest=nope:nope", ErrorIds.UnsupportedDigestAlgorithm)]
    [InlineData("oci://{0}/main?digest=", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?digest=nope&digest=nope", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?tag=foo&digest=sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?tag=foo&other=bar", ErrorIds.InvalidModuleAddress)]
    [InlineData("oci://{0}/main?archive=zip", ErrorIds.InvalidModuleAddress)]
    public async Task Address_errors_stop_before_any_request(string template, string id)
    {
        var source = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Host);
        var e = await Assert.ThrowsAsync<TofuOciException>(() => SaveAsync(source));
        Assert.Equal(id, e.ErrorId);
    }
}
