using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Tests.Oci;

public sealed class DigestTests
{
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData(EmptySha256)]
    [InlineData("sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")]
    [InlineData("sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    public void Registered_algorithms_with_lowercase_hex_of_the_right_length_parse(string text)
    {
        var d = Digest.Parse(text);
        Assert.Equal(text, d.ToString());
        Assert.Equal(text[..text.IndexOf(':', StringComparison.Ordinal)], d.Algorithm.Name);
    }

    // go-digest's wording for each failure, docs/opentofu-compatibility.md §4.4.
    [Theory]
    [InlineData("nope", "invalid checksum digest format")]
    [InlineData(":abc", "invalid checksum digest format")]
    [InlineData("sha256:", "invalid checksum digest format")]
    [InlineData("nope:nope", "unsupported digest algorithm")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm")]
    [InlineData("Sha256:abc", "invalid checksum digest format")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "invalid checksum digest format")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "invalid checksum digest format")]
    [InlineData("sha256:../../etc/passwd", "invalid checksum digest format")]
    public void Invalid_digests_are_rejected_with_go_digest_wording(string text, string problem)
    {
        Assert.False(Digest.TryParse(text, out _, out var actual));
        Assert.Equal(problem, actual);
        var ex = Assert.Throws<TofuOciException>(() => Digest.Parse(text));
        Assert.Equal(problem == "unsupported digest algorithm" ? ErrorIds.UnsupportedDigestAlgorithm : ErrorIds.InvalidDigest, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_and_streaming_compute_agree_with_known_answers()
    {
        Assert.Equal(EmptySha256, Digest.Compute([]).ToString());
        Assert.Equal(EmptyConfig.Digest, Digest.Compute("{}"u8).ToString());
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("{}"));
        Assert.Equal(EmptyConfig.Digest, (await Digest.ComputeAsync(stream)).ToString());
    }
}
