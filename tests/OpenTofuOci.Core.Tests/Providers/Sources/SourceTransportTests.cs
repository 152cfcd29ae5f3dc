using System.Net;
using System.Net.Http.Headers;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.ProviderOrigin;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>
/// Redirect rules against real nginx, and the faults nginx will not produce on demand (a 503 that passes,
/// a body cut off mid-way) through an in-process handler, as the test names say.
/// </summary>
public sealed class SourceTransportTests(OriginRegistryFixture origin) : IClassFixture<OriginRegistryFixture>
{
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused_with_InsecureRedirect_even_when_http_is_allowed()
    {
        using var source = ProviderSources.Open(origin.Options() with { AllowInsecureHttp = true });
        var package = new SourcePackage(Linux, "x.zip", origin.Server.BaseUrl + "/downgrade/releases/example/hello/1.0.0/terraform-provider-hello_1.0.0_linux_amd64.zip", null, []);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.DownloadAsync(package, new MemoryStream()));

        Assert.Equal(ErrorIds.InsecureRedirect, ex.ErrorId);
        Assert.Equal($"GET {package.Location} was redirected from HTTPS to plain HTTP (http://127.0.0.1:{origin.Server.Port}/releases/example/hello/1.0.0/terraform-provider-hello_1.0.0_linux_amd64.zip); the redirect was not followed. Ask the source's operator to redirect to https.", ex.Message);
    }

    [Fact]
    public async Task More_than_ten_redirects_are_InvalidSourceResponse()
    {
        using var source = ProviderSources.Open(origin.Options());
        var package = new SourcePackage(Linux, "x.zip", origin.Server.BaseUrl + "/loop/", null, []);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.DownloadAsync(package, new MemoryStream()));

        Assert.Equal(ErrorIds.InvalidSourceResponse, ex.ErrorId);
        Assert.Equal($"{origin.Server.BaseUrl}/loop/ breaks the provider source protocol: it was redirected more than 10 times. Ask the source's operator to fix it, or use another source.", ex.Message);
        Assert.Equal(11, origin.Server.Requests().Count(r => r.Path == "/loop/"));
    }

    [Fact]
    public async Task A_package_that_is_gone_is_NotFound_naming_its_URL()
    {
        using var source = ProviderSources.Open(origin.Options());
        var package = new SourcePackage(Linux, "x.zip", origin.Server.BaseUrl + "/releases/gone.zip", null, []);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.DownloadAsync(package, new MemoryStream()));

        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Equal($"GET {origin.Server.BaseUrl}/releases/gone.zip answered 404 Not Found: it does not exist. Check the source's address.", ex.Message);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_index_then_read_in_process_handler()
    {
        var calls = 0;
        using var handler = new Handler(request =>
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/index.json", StringComparison.Ordinal) && calls++ == 0)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }

            return Json(path.EndsWith("/index.json", StringComparison.Ordinal)
                ? "{\"versions\":{\"1.0.0\":{}}}"
                : "{\"archives\":{\"linux_amd64\":{\"url\":\"p.zip\"}}}");
        });
        using var source = Open(handler);

        var versions = await source.ListVersionsAsync(ProviderAddress.Parse("example/hello"));

        Assert.Equal("1.0.0", Assert.Single(versions).Version.ToString());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_body_cut_off_is_resumed_with_Range_in_process_handler()
    {
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        var ranges = new List<string?>();
        using var handler = new Handler(request =>
        {
            ranges.Add(request.Headers.Range?.ToString());
            if (request.Headers.Range is null)
            {
                var cut = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutOffStream(content, 70_000)) };
                cut.Content.Headers.ContentLength = content.Length;
                return cut;
            }

            var from = (int)request.Headers.Range.Ranges.First().From!.Value;
            var partial = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(content[from..]) };
            partial.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, content.Length - 1, content.Length);
            return partial;
        });
        using var source = Open(handler);
        var reports = new List<long>();

        using var destination = new MemoryStream();
        await source.DownloadAsync(new SourcePackage(Linux, "p.zip", "https://mirror.test/p.zip", null, []), destination, new Progress(reports.Add));

        Assert.Equal(content, destination.ToArray());
        Assert.Equal([null, "bytes=70000-"], ranges);
        Assert.Equal(content.Length, reports[^1]);
    }

    private static IProviderReleaseSource Open(HttpMessageHandler handler) => ProviderSources.Open(new ProviderSourceOptions
    {
        Kind = ProviderSourceKind.NetworkMirror,
        Location = "https://mirror.test/",
        Handler = handler,
        Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) },
    });

    private static HttpResponseMessage Json(string text) => new(HttpStatusCode.OK) { Content = new StringContent(text) };

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>Gives the first <paramref name="cutAt"/> bytes, then fails as a reset connection does.</summary>
    private sealed class CutOffStream(byte[] content, int cutAt) : MemoryStream(content[..cutAt])
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= cutAt ? throw new IOException("connection reset") : base.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Position >= cutAt ? throw new IOException("connection reset") : base.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= cutAt ? throw new IOException("connection reset") : base.ReadAsync(buffer, cancellationToken);
    }
}
