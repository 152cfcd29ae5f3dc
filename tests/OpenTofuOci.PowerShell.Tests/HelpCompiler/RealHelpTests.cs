using System.Xml.Linq;
using OpenTofuOci.HelpCompiler.Build;
using OpenTofuOci.PowerShell.Tests.Surface;

namespace OpenTofuOci.PowerShell.Tests.HelpCompiler;

/// <summary>The module's own help (docs/en-US) converts, and what it converts to is complete.</summary>
public sealed class RealHelpTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly Lazy<HelpBuildResult> Result = new(() => HelpBuild.Compile(RepositoryPaths.HelpDirectory, RepositoryPaths.ManifestPath));

    [Fact]
    public void The_real_help_converts_without_a_problem()
    {
        Assert.Empty(Result.Value.Problems.Select(p => p.ToString()));
        Assert.Equal(["OpenTofuOci.dll-Help.xml", "about_OpenTofuOci.help.txt"], Result.Value.Files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_MAML_has_every_exported_cmdlet_with_synopsis_description_examples_and_links()
    {
        var maml = XDocument.Parse(Result.Value.Files["OpenTofuOci.dll-Help.xml"]);
        var commands = maml.Root!.Elements(Command + "command").ToList();
        var exported = OpenTofuOci.HelpCompiler.Build.ModuleManifest.Read(RepositoryPaths.ManifestPath, [])!.CmdletsToExport;

        Assert.Equal(exported.Order(StringComparer.Ordinal), commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value));
        foreach (var command in commands)
        {
            var name = command.Element(Command + "details")!.Element(Command + "name")!.Value;
            Assert.False(string.IsNullOrWhiteSpace(command.Element(Command + "details")!.Element(Maml + "description")!.Value), $"{name}: synopsis");
            Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));
            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s); every cmdlet needs at least two.");
            foreach (var example in examples)
            {
                var title = example.Element(Maml + "title")!.Value;
                // Get-Help prints an example's title right after the previous remarks, set off by dashes
                // to 64 columns; a title of more than 56 characters sticks out of that line.
                Assert.True(title.Trim('-', ' ').Length <= 56, $"{name}: example title '{title.Trim('-', ' ')}' is longer than 56 characters.");
                Assert.Matches(@"^-{3,} Example \d+: .+ -{3,}$", title);
                Assert.False(string.IsNullOrWhiteSpace(example.Element(Dev + "code")!.Value), $"{name}: {title} has no code");
            }

            Assert.NotEmpty(command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink"));
            foreach (var parameter in command.Element(Command + "parameters")!.Elements(Command + "parameter"))
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.Element(Maml + "description")!.Value), $"{name} -{parameter.Element(Maml + "name")!.Value}");
            }
        }
    }

    [Fact]
    public void Notes_and_the_about_topic_name_only_error_ids_that_exist()
    {
        // Scripts match on these ids through FullyQualifiedErrorId; a misspelt one never matches.
        var ids = typeof(OpenTofuOci.Core.Errors.ErrorIds).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append(OpenTofuOci.PowerShell.Mapping.TagNameFilter.InvalidWildcardPatternErrorId)
            .ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.HelpDirectory, "*.md"))
        {
            var text = File.ReadAllText(path);
            var (start, end) = Path.GetFileName(path).StartsWith("about_", StringComparison.Ordinal) ? ("### Errors", "## Examples") : ("## NOTES", "## RELATED LINKS");
            var from = text.IndexOf(start, StringComparison.Ordinal);
            Assert.True(from >= 0, $"{path} has no '{start}'");
            var notes = text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
            unknown.AddRange(System.Text.RegularExpressions.Regex.Matches(notes, "`([A-Z][A-Za-z]+)`")
                .Select(m => m.Groups[1].Value)
                .Where(id => id != "FullyQualifiedErrorId" && !ids.Contains(id))
                .Select(id => $"{Path.GetFileName(path)}: {id}"));
        }

        Assert.Empty(unknown);
    }

    [Fact]
    public void The_about_topic_starts_the_way_Get_Help_reads_it()
    {
        var lines = Result.Value.Files["about_OpenTofuOci.help.txt"].Split('\n');

        Assert.Equal(["TOPIC", "    about_OpenTofuOci", "", "SHORT DESCRIPTION"], lines[..4]);
        Assert.StartsWith("    Keep OpenTofu providers and modules in OCI registries", lines[4], StringComparison.Ordinal);
        Assert.Equal(["", "LONG DESCRIPTION"], lines[5..7]);
        Assert.Contains("EXAMPLES", lines);
    }
}
