using System.Text;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

/// <summary>The one SHA256SUMS reader and writer (docs/opentofu-compatibility.md §9.5, §9.7).</summary>
public sealed class ReleaseChecksumsTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Fact]
    public void The_strict_reader_skips_blank_lines_keeps_a_names_last_hash_and_reads_lines_ended_by_cr_alone()
    {
        var text = $"\uFEFF{A.ToUpperInvariant()}  a.zip\r\n   \n{B} *b.zip\r{B}  a.zip\n";

        var parsed = ReleaseChecksums.ParseStrict(Encoding.UTF8.GetBytes(text), (n, l) => new InvalidOperationException($"{n}: {l}"));

        Assert.Equal(new Dictionary<string, string> { ["a.zip"] = B, ["b.zip"] = B }, parsed);
    }

    [Fact]
    public void The_strict_reader_throws_the_callers_error_with_the_number_and_text_of_the_first_damaged_line()
    {
        var text = $"{A}  a.zip\n\n{A} a.zip\n{A}  c.zip\nnot a line\n";

        var ex = Assert.Throws<InvalidOperationException>(() =>
            ReleaseChecksums.ParseStrict(Encoding.UTF8.GetBytes(text), (n, l) => new InvalidOperationException($"{n}: {l}")));

        Assert.Equal($"3: {A} a.zip", ex.Message);
    }

    [Fact]
    public void The_lenient_reader_reads_past_a_byte_order_mark_and_keeps_a_names_first_hash()
    {
        var text = $"\uFEFF{A}  a.zip\n{new string('g', 64)}  g.zip\n{B}  a.zip\n";

        var parsed = ReleaseChecksums.ParseLenient(Encoding.UTF8.GetBytes(text));

        Assert.Equal(new Dictionary<string, string> { ["a.zip"] = A }, parsed);
    }

    [Fact]
    public void Write_sorts_by_file_name_as_sha256sum_writes_and_the_strict_reader_reads_it_back()
    {
        var written = ReleaseChecksums.Write([KeyValuePair.Create("b.zip", B), KeyValuePair.Create("a.zip", A)]);

        Assert.Equal($"{A}  a.zip\n{B}  b.zip\n", Encoding.UTF8.GetString(written));
        Assert.Equal(new Dictionary<string, string> { ["a.zip"] = A, ["b.zip"] = B },
            ReleaseChecksums.ParseStrict(written, (n, l) => new InvalidOperationException($"{n}: {l}")));
    }
}
