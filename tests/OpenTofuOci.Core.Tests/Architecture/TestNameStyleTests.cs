using System.Text.RegularExpressions;

namespace OpenTofuOci.Core.Tests.Architecture;

/// <summary>
/// One test-name style across the .NET suites: a sentence whose words are joined by underscores,
/// starting with a capital (<c>Corrupted_blob_in_layout_is_DigestMismatch_and_leaves_nothing</c>);
/// names of code (<c>DigestMismatch</c>, <c>WriteAsync</c>, <c>OpenTofu</c>) stay as they are written.
/// </summary>
public sealed partial class TestNameStyleTests
{
    [Fact]
    public void Every_test_name_is_a_sentence_joined_by_underscores()
    {
        var root = Root();
        var offenders = new List<string>();
        foreach (var project in new[] { "OpenTofuOci.Core.Tests", "OpenTofuOci.PowerShell.Tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "tests", project), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                offenders.AddRange(TestMethod().Matches(File.ReadAllText(file))
                    .Select(m => m.Groups["name"].Value)
                    .Where(name => !IsSentence(name))
                    .Select(name => $"{Path.GetFileName(file)}: {name}"));
            }
        }

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("Corrupted_blob_in_layout_is_DigestMismatch_and_leaves_nothing_in_the_destination", true)]
    [InlineData("WriteAsync_gives_a_new_file_the_unix_mode_asked_for", true)]
    [InlineData("A_cycle_through_a_lambda_and_a_parent_namespace_is_found", true)]
    [InlineData("CorruptedBlobInLayout_IsDigestMismatch_AndLeavesNothingInTheDestination", false)]
    [InlineData("ParseSplitsAtTheFirstColon", false)]
    [InlineData("lowercase_start_is_not_a_sentence", false)]
    public void The_style_rule_tells_sentences_from_other_names(string name, bool sentence) => Assert.Equal(sentence, IsSentence(name));

    // A capitalised first word, then at least as many plain lowercase words as words written as code.
    private static bool IsSentence(string name)
    {
        var words = name.Split('_');
        if (words.Length < 3 || !char.IsUpper(name[0]) || words.Any(w => w.Length == 0))
        {
            return false;
        }

        var lower = words.Skip(1).Count(w => LowerWord().IsMatch(w));
        return lower * 2 >= words.Length - 1;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenTofuOci.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpenTofuOci.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\[(?:Fact|Theory)[^\]]*\](?:\s*\[[^\]]+\])*\s*public\s+(?:async\s+)?(?:Task|void)\s+(?<name>\w+)\(")]
    private static partial Regex TestMethod();

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex LowerWord();
}
