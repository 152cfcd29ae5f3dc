using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>
/// Runs every generated hostile input through the real <c>tofu-oci</c> (in-process, hermetic home) and
/// checks the exact error id and that nothing was written: the case's directory is byte for byte as
/// before (no destination, no staging or temp leftovers, no layout tag) and the destination is absent.
/// </summary>
public sealed partial class HostileCorpusTests(BasicAuthRegistryFixture registry, HostileCorpusReport report)
    : IClassFixture<BasicAuthRegistryFixture>, IClassFixture<HostileCorpusReport>
{
    public static TheoryData<string> Cases => [.. HostileCorpus.All.Select(c => c.Id)];

    // The id ends the error, which may span lines when the input it quotes holds a line break.
    [GeneratedRegex(@"^error: [\s\S]*?\[(?<id>[A-Z][A-Za-z]+)\]$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_input_is_refused_with_its_error_id_and_nothing_is_written(string name)
    {
        var hostile = HostileCorpus.Named(name);
        using var sandbox = new HostileSandbox(registry.Server.Address);
        var run = hostile.Arrange(sandbox);
        var home = sandbox.Home;
        var before = sandbox.Snapshot();

        var result = await CliRunner.RunWithEnvironmentAsync(CliRunner.EnvironmentWith(home, run.Variables), string.Empty, run.Args);

        var seen = ErrorLine().Match(result.Error) is { Success: true } m ? m.Groups["id"].Value : "(none)";
        var after = sandbox.Snapshot();
        var nothingWritten = before.SequenceEqual(after) && (run.Destination is null || !Path.Exists(run.Destination));
        report.Record(hostile, seen == hostile.ExpectedId && result.ExitCode != 0, nothingWritten);
        Assert.True(seen == hostile.ExpectedId, $"{hostile.Id}: expected [{hostile.ExpectedId}], saw [{seen}] (exit {result.ExitCode}): {result.Error}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(before, after);
        Assert.False(run.Destination is not null && Path.Exists(run.Destination), $"{run.Destination} was created");
    }

    [Fact]
    public void The_corpus_has_at_least_150_uniquely_named_cases_covering_every_category()
    {
        Assert.True(HostileCorpus.All.Count >= 150, $"only {HostileCorpus.All.Count} cases");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(c => c.Id).Distinct().Count());
        Assert.All(HostileCategory.All, category => Assert.True(HostileCorpus.All.Count(c => c.Category == category) >= 5, $"{category} has fewer than 5 cases"));
        Assert.Empty(HostileCorpus.All.Select(c => c.Category).Except(HostileCategory.All));
    }

    [Fact]
    public void The_corpus_summary_counts_cases_per_category_and_outcomes_in_the_reliability_shape()
    {
        var collected = new HostileCorpusReport();
        collected.Record(HostileCorpus.All[0], expectedErrorSeen: true, nothingWritten: true);
        collected.Record(HostileCorpus.All[1], expectedErrorSeen: false, nothingWritten: true);
        using var dir = new TempDirectory("tofuoci-corpus-report-");

        HostileCorpusReport.WriteTo(dir.Combine("report"), collected.Summary());

        var written = JsonNode.Parse(File.ReadAllText(dir.Combine("report", "corpus.json")))!.AsObject();
        Assert.Equal("hostile-corpus", (string?)written["suite"]);
        Assert.Equal(HostileCorpus.All.Count, (int)written["cases"]!);
        Assert.Equal(HostileCategory.All, written["categories"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HostileCorpus.All.Count(c => c.Category == HostileCategory.Zip), (int)written["categories"]![HostileCategory.Zip]!);
        Assert.Equal((1, 2, 1), ((int)written["expectedErrorSeen"]!, (int)written["nothingWritten"]!, (int)written["badOutcomes"]!));
    }
}
