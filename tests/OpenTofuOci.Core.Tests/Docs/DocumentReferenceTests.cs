namespace OpenTofuOci.Core.Tests.Docs;

/// <summary>
/// The references between code and documents hold: every section number a comment or string in
/// <c>src/</c>, <c>tests/</c>, <c>docs/</c>, <c>README.md</c> or <c>build.ps1</c> cites is a heading
/// of docs/opentofu-compatibility.md, and every relative link in README.md and the markdown under
/// docs/ reaches an existing file (and heading, when it names one).
/// Citations are checked by number whichever file the comment names, so old comments that still name
/// the compatibility notes by another path are checked against the document that replaced them.
/// (The section sign is written as an escape in this folder, so the scan does not find the examples.)
/// </summary>
public sealed class DocumentReferenceTests
{
    private const string CompatibilityDocument = "docs/opentofu-compatibility.md";
    private static readonly string Root = FindRoot();
    private static readonly string[] SkippedDirectories = ["bin", "obj", "out", "TestResults", "node_modules", ".git"];

    [Fact]
    public void Every_cited_section_is_a_heading_of_the_compatibility_document()
    {
        var headings = DocumentReferences.SectionHeadings(File.ReadAllText(Path.Combine(Root, CompatibilityDocument)));
        var citations = ScannedFiles()
            .SelectMany(f => DocumentReferences.Citations(Path.GetRelativePath(Root, f), File.ReadAllText(f)))
            .ToList();

        // The code and docs cite the document about 260 times; far fewer means the scan missed files.
        Assert.True(citations.Count > 100, $"only {citations.Count} section citations found under {Root}");
        var unresolved = DocumentReferences.Unresolved(citations, headings);
        Assert.True(unresolved.Count == 0, "sections cited but not headings of " + CompatibilityDocument + ":"
            + Environment.NewLine + string.Join(Environment.NewLine, unresolved));
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_the_docs_resolves()
    {
        var markdown = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(Root, "README.md"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var links = markdown
            .SelectMany(f => DocumentReferences.RelativeLinks(Path.GetRelativePath(Root, f), File.ReadAllText(f)))
            .ToList();

        Assert.Contains(links, l => l.File == "README.md" && l.Target == "docs/design.md");
        Assert.Contains(links, l => l.File == Path.Combine("docs", "design.md") && l.Target == "opentofu-compatibility.md");
        var problems = links.Select(l => DocumentReferences.Problem(Root, l)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_compatibility_document_keeps_the_section_numbers_the_code_cites()
    {
        var headings = DocumentReferences.SectionHeadings(File.ReadAllText(Path.Combine(Root, CompatibilityDocument)));

        string[] expected =
        [
            "0", "1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
            "3", "3.1", "3.2", "3.3", "3.4", "4", "4.1", "4.2", "4.3", "4.4",
            "5", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "6", "7", "8", "9", "10", "11", "12", "13", "13.1", "13.2", "13.3", "13.4",
            .. Enumerable.Range(1, 36).Select(i => $"8.{i}"),
            .. Enumerable.Range(1, 7).Select(i => $"9.{i}"),
            "12.1",
            "13.5", "13.6", "13.7",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), headings.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("(docs/opentofu-compatibility.md \u00A71.3 step 2)", "1.3")]
    [InlineData("see \u00A78.15\u20138.31", "8.15 8.31")]
    [InlineData("More of \u00A73.1\u2013\u00A73.2.", "3.1 3.2")]
    [InlineData("\u00A78.1-8.4 and \u00A7 6", "8.1 8.4 6")]
    [InlineData("(\u00A72.1 4c; \u00A78.17)", "2.1 8.17")]
    [InlineData("\u00A71.3 steps 1\u20133", "1.3")]
    [InlineData("spec \u00A710.", "10")]
    [InlineData("a WWW-Authenticate header (RFC 9110 \u00A711.6.1)", "")]
    [InlineData("the named peers (issue #3 \u00A78)", "")]
    [InlineData("no citation at all, 8.15", "")]
    public void Citations_give_each_cited_section_and_both_ends_of_a_range(string text, string sections)
    {
        var found = DocumentReferences.Citations("x.cs", text).Select(c => c.Section);

        Assert.Equal(sections.Split(' ', StringSplitOptions.RemoveEmptyEntries), found);
    }

    [Fact]
    public void Citations_report_their_file_and_line()
    {
        var found = DocumentReferences.Citations("src/A.cs", "// one\n// see \u00A75.2\n// and \u00A78.29\u20138.31\n");

        Assert.Equal(
            ["src/A.cs:2:5.2", "src/A.cs:3:8.29", "src/A.cs:3:8.31"],
            found.Select(c => $"{c.File}:{c.Line}:{c.Section}"));
    }

    [Fact]
    public void Section_headings_are_the_numbered_headings_outside_code_blocks()
    {
        const string markdown = "# Title 2\n\n## 0. Constants\n### 1.3 PackageMeta\n```hcl\n## 9.9 in a code block\n```\n"
            + "#### 8.15 The lock file's h1:\n## Not numbered 4.4\n##5.5 no space\n## 10. Last\n";

        Assert.Equal(["0", "1.3", "10", "8.15"], DocumentReferences.SectionHeadings(markdown).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unresolved_lists_each_citation_of_a_missing_section()
    {
        var headings = new HashSet<string>(StringComparer.Ordinal) { "1.3", "8.15" };
        var citations = DocumentReferences.Citations("src/B.cs", "\u00A71.3\n\u00A71.4 and \u00A78.15\u20138.16\n");

        var unresolved = DocumentReferences.Unresolved(citations, headings);

        Assert.Equal(["src/B.cs:2:1.4", "src/B.cs:2:8.16"], unresolved.Select(c => $"{c.File}:{c.Line}:{c.Section}"));
    }

    [Fact]
    public void Links_are_checked_for_their_file_and_their_heading()
    {
        var root = Directory.CreateTempSubdirectory("docs-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.WriteAllText(Path.Combine(root, "README.md"), "# Readme\n");
            File.WriteAllText(Path.Combine(root, "docs", "b.md"), "# B\n## The `tofu-oci tags <repository>` command\n## Same\n## Same\n");
            const string a = "# A\n## Local part\n"
                + "[ok](b.md) [up](../README.md) [dir](../docs) [anchor](b.md#the-tofu-oci-tags-repository-command)\n"
                + "[second](b.md#same-1) [here](#local-part) ![image](b.md)\n"
                + "[missing](missing.md) [bad anchor](b.md#nope) [outside](../../x.md) [no file](#nothing)\n"
                + "[web](https://example.com/x.md) [mail](mailto:a@example.com) `[code](span.md)`\n"
                + "```\n[fenced](fenced.md)\n```\n";
            File.WriteAllText(Path.Combine(root, "docs", "a.md"), a);
            var file = Path.Combine("docs", "a.md");

            var links = DocumentReferences.RelativeLinks(file, a);
            var problems = links.Select(l => DocumentReferences.Problem(root, l)).OfType<string>().ToList();

            Assert.Equal(
                ["b.md", "../README.md", "../docs", "b.md#the-tofu-oci-tags-repository-command", "b.md#same-1", "#local-part", "b.md",
                 "missing.md", "b.md#nope", "../../x.md", "#nothing"],
                links.Select(l => l.Target));
            Assert.Equal(
                [
                    $"{file}:5: (missing.md): {Path.Combine("docs", "missing.md")} does not exist",
                    $"{file}:5: (b.md#nope): no heading with the anchor #nope in {Path.Combine("docs", "b.md")}",
                    $"{file}:5: (../../x.md): points outside the repository",
                    $"{file}:5: (#nothing): no heading with the anchor #nothing in {file}",
                ],
                problems);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("## 8.15 The lock file's h1:", "815-the-lock-files-h1")]
    [InlineData("`tofu-oci provider lock <address>… --lock-file <path>`", "tofu-oci-provider-lock-address---lock-file-path")]
    [InlineData("Modules (`Modules/`; issue 5)", "modules-modules-issue-5")]
    [InlineData("Credentials and `DOCKER_CONFIG`", "credentials-and-docker_config")]
    public void Slugs_follow_githubs_anchors(string heading, string slug) =>
        Assert.Equal(slug, DocumentReferences.Slug(heading.TrimStart('#', ' ')));

    /// <summary>The text files the citation scan reads: everything under src/, tests/ and docs/, README.md and build.ps1.</summary>
    private static List<string> ScannedFiles()
    {
        var files = new[] { "src", "tests", "docs" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*", SearchOption.AllDirectories))
            .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(SkippedDirectories.Contains))
            .Append(Path.Combine(Root, "README.md"))
            .Append(Path.Combine(Root, "build.ps1"))
            .Where(IsText)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("Providers", "ProviderIndexReader.cs"), StringComparison.Ordinal));
        return files;
    }

    private static bool IsText(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }

    private static string FindRoot()
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
}
