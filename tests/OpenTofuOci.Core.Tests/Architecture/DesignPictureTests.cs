using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.Architecture;

/// <summary>The pictures in docs/design.md ("Structure in pictures") match the code.</summary>
public sealed partial class DesignPictureTests
{
    private static readonly string[] Everywhere = ["Errors", "FileSystem"];

    [Fact]
    public void Every_type_the_path_picture_names_is_in_the_namespace_of_its_folder()
    {
        var picture = Pictures()[0];
        var named = FolderType().Matches(picture).Select(m => (Folder: m.Groups["folder"].Value, Type: m.Groups["type"].Value)).Distinct().ToList();
        Assert.True(named.Count >= 10, $"The path picture names only {named.Count} types; the pattern must have stopped matching.");
        var core = typeof(TofuOciException).Assembly;
        var missing = named
            .Where(n => core.GetType($"OpenTofuOci.Core.{n.Folder.Replace('/', '.')}.{n.Type}") is null)
            .Select(n => $"{n.Folder}/{n.Type}")
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void The_folder_picture_has_exactly_the_dependencies_of_the_compiled_Core()
    {
        var drawn = Arrow().Matches(Pictures()[1]).Select(m => $"{m.Groups["from"].Value} --> {m.Groups["to"].Value}").ToHashSet(StringComparer.Ordinal);
        var graph = NamespaceGraph.Read(typeof(TofuOciException).Assembly.Location, "OpenTofuOci.Core");
        var real = graph.Edges
            .SelectMany(e => e.Value.Select(to => (From: TopFolder(e.Key), To: TopFolder(to))))
            .Where(e => e.From != e.To && !Everywhere.Contains(e.To))
            .Select(e => $"{e.From} --> {e.To}")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(real.Except(drawn).Order(StringComparer.Ordinal));   // in the code, not drawn
        Assert.Empty(drawn.Except(real).Order(StringComparer.Ordinal));   // drawn, not in the code
    }

    private static string TopFolder(string ns) => ns.Split('.') is { Length: > 2 } parts ? parts[2] : ns;

    private static List<string> Pictures()
    {
        var design = File.ReadAllText(Path.Combine(Root(), "docs", "design.md"));
        var section = design[design.IndexOf("## Structure in pictures", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var pictures = Mermaid().Matches(section).Select(m => m.Groups["body"].Value).ToList();
        Assert.Equal(2, pictures.Count);
        return pictures;
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

    [GeneratedRegex(@"```mermaid\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Mermaid();

    [GeneratedRegex(@"\b(?<folder>(?:Access|Oci|Providers|Modules|Tags|Credentials|Configuration|Packages|LockFiles)(?:/[A-Z][A-Za-z]+)*)/(?<type>[A-Z][A-Za-z]+)\b")]
    private static partial Regex FolderType();

    [GeneratedRegex(@"^\s*(?<from>[A-Za-z]+) --> (?<to>[A-Za-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Arrow();
}
