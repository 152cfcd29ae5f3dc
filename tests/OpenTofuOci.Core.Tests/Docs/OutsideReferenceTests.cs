using System.Text.RegularExpressions;

namespace OpenTofuOci.Core.Tests.Docs;

/// <summary>
/// A maintainer who clones the repository has nothing outside it: no comment, test or document may
/// send them to a file that is not in the repository (facts live in docs/, in our own words).
/// </summary>
public sealed partial class OutsideReferenceTests
{
    private static readonly string[] Extensions = [".cs", ".md", ".ps1", ".psm1", ".sh", ".csproj", ".props", ".ps1xml", ".yml"];

    [Fact]
    public void No_file_points_outside_the_repository()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in Files(root))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Outside().IsMatch(lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Theory]
    // Concatenated so that the repository's own checks do not find these examples in this file.
    [InlineData("// see ../" + "shared/spec/x.md")]
    [InlineData("/// (spec/" + "opentofu-compat.md §1.3)")]
    [InlineData("see DESIGN.md \"Errors are typed\"")]
    [InlineData("(see `/work/shared/ENVIRONMENT.md`)")]
    public void Each_kind_of_outside_reference_is_caught(string line) => Assert.Matches(Outside(), line);

    [Theory]
    [InlineData("// docs/opentofu-compatibility.md §1.3")]
    [InlineData("example.com/shared/provider")]
    [InlineData("docs/design.md \"Core shape\"")]
    public void Citations_inside_the_repository_are_not_caught(string line) => Assert.DoesNotMatch(Outside(), line);

    private static IEnumerable<string> Files(string root) =>
        new[] { "src", "tests", "docs", ".ci" }
            .Select(d => Path.Combine(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(root, "*", SearchOption.TopDirectoryOnly))
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "out" or ".git"))
            .Where(f => Path.GetFileName(f) != nameof(OutsideReferenceTests) + ".cs");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenTofuOci.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (OpenTofuOci.slnx) was not found above the test output.");
    }

    // The shared folder beside the checkout (and its spec files and design card, however they are
    // reached). This file's own examples are the only lines allowed to show them.
    [GeneratedRegex(@"\.\./" + "shared" + @"\b|" + "shared" + @"/(?:spec|DESIGN|ENVIRONMENT)\b|\bspec/[a-z-]+\.md\b|\b" + "DESIGN" + @"\.md\b")]
    private static partial Regex Outside();
}
