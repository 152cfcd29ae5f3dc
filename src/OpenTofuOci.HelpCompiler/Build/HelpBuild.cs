using OpenTofuOci.HelpCompiler.Markdown;
using OpenTofuOci.HelpCompiler.Model;
using OpenTofuOci.HelpCompiler.Output;

namespace OpenTofuOci.HelpCompiler.Build;

/// <summary>The files one build produces, by file name, and the problems that stopped it.</summary>
internal sealed record HelpBuildResult(IReadOnlyDictionary<string, string> Files, IReadOnlyList<HelpProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Turns a directory of help pages (<c>&lt;Cmdlet&gt;.md</c> and <c>about_*.help.md</c>) into the module's
/// external help: one MAML file for all cmdlets and one text file per about topic. Everything is read
/// and checked first; only a build without any problem writes, so a broken page never leaves half a
/// help directory behind.
/// </summary>
internal static class HelpBuild
{
    public const string AboutSuffix = ".help.md";

    /// <summary>Reads and converts everything, in memory.</summary>
    public static HelpBuildResult Compile(string sourceDirectory, string manifestPath)
    {
        var problems = new List<HelpProblem>();
        var manifest = ModuleManifest.Read(manifestPath, problems);
        if (!Directory.Exists(sourceDirectory))
        {
            problems.Add(new HelpProblem(sourceDirectory, 1, "the help source directory does not exist."));
        }

        if (manifest is null || problems.Count > 0)
        {
            return new HelpBuildResult(new Dictionary<string, string>(), problems);
        }

        var expectations = new PageExpectations(manifest.ModuleName, manifest.ExternalHelpFile);
        var exported = manifest.CmdletsToExport.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var commands = new List<CommandHelp>();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pages = Directory.GetFiles(sourceDirectory, "*.md").OrderBy(p => p, StringComparer.Ordinal).ToList();
        foreach (var path in pages)
        {
            var fileName = Path.GetFileName(path);
            var shown = Path.Combine(sourceDirectory, fileName);
            var sink = new ProblemSink(shown, problems);
            var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (fileName.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                if (!fileName.EndsWith(AboutSuffix, StringComparison.Ordinal))
                {
                    sink.At(0, $"an about topic page is named about_<Topic>{AboutSuffix}.");
                    continue;
                }

                var name = fileName[..^AboutSuffix.Length];
                if (AboutPageReader.Read(text, name, sink) is { } topic)
                {
                    files[name + ".help.txt"] = AboutTopicWriter.Write(topic);
                }

                continue;
            }

            var cmdlet = Path.GetFileNameWithoutExtension(fileName);
            if (!exported.Contains(cmdlet))
            {
                sink.At(0, $"{cmdlet} is not among the CmdletsToExport of {manifestPath}; remove the page or export the cmdlet.");
                continue;
            }

            if (CommandPageReader.Read(text, expectations, manifest.CmdletsToExport.First(c => c.Equals(cmdlet, StringComparison.OrdinalIgnoreCase)), sink) is { } help)
            {
                commands.Add(help);
            }
        }

        var documented = pages.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var missing in manifest.CmdletsToExport.Where(c => !documented.Contains(c)))
        {
            problems.Add(new HelpProblem(Path.Combine(sourceDirectory, missing + ".md"), 1, $"{missing} is exported by {manifestPath} but has no help page; write one in the PlatyPS schema."));
        }

        if (problems.Count > 0)
        {
            return new HelpBuildResult(new Dictionary<string, string>(), problems);
        }

        files[manifest.ExternalHelpFile] = MamlWriter.Write(commands);
        return new HelpBuildResult(files, problems);
    }

    /// <summary>Compiles, and only when nothing is wrong writes every file into <paramref name="outputDirectory"/>.</summary>
    public static HelpBuildResult Run(string sourceDirectory, string manifestPath, string outputDirectory)
    {
        var result = Compile(sourceDirectory, manifestPath);
        if (result.Succeeded)
        {
            Write(result.Files, outputDirectory);
        }

        return result;
    }

    private static void Write(IReadOnlyDictionary<string, string> files, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var temporary = new List<(string Temp, string Final)>();
        try
        {
            // Every file is written beside its final name first, so a failure (a full disk) leaves the
            // previous help in place rather than some files new and some missing.
            foreach (var (name, content) in files)
            {
                var final = Path.Combine(outputDirectory, name);
                var temp = Path.Combine(outputDirectory, $".{name}.tmp-{Guid.NewGuid():N}");
                temporary.Add((temp, final));
                File.WriteAllText(temp, content, new System.Text.UTF8Encoding(false));
            }

            foreach (var (temp, final) in temporary)
            {
                File.Move(temp, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temp, _) in temporary)
            {
                File.Delete(temp);
            }
        }
    }
}
