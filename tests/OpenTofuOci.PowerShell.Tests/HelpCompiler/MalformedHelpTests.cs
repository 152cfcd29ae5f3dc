using System.Diagnostics;
using OpenTofuOci.HelpCompiler.Build;

namespace OpenTofuOci.PowerShell.Tests.HelpCompiler;

/// <summary>
/// Each broken page is reported as file:line: message, and a build with any problem writes nothing:
/// no output directory, no temporary file, no half of the help.
/// </summary>
public sealed class MalformedHelpTests
{
    public static TheoryData<string, string, string, string, string?> BrokenPages => new()
    {
        // file, original text, replacement, expected message, line (first line starting with this, #n the n-th; null: line 1)
        { "command", "## NOTES\nErrors carry the id `NotFound`.\n\n", "", "missing section '## NOTES'.", "# Get-Sample" },
        { "command", "## NOTES", "## REMARKS", "unknown section '## REMARKS'; a cmdlet page has exactly SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS.", "## REMARKS" },
        { "command", "Gets a sample.", "{{ Fill in the Synopsis }}", "unfilled placeholder '{{ Fill in the Synopsis }}'; write the real text.", "{{ Fill" },
        { "command", "### -Path\nWhere it is.\n", "### -Path\n", "-Path has no description; say what the parameter does before its yaml block.", "### -Path" },
        { "command", "```powershell\nGet-Sample -Name one\n```\n", "", "'Example 1: Get a sample' has no code; an example shows the command in a ```powershell block.", "### Example 1" },
        { "command", "### Example 1: Get a sample", "### First: Get a sample", "example heading '### First: Get a sample' must read '### Example N: what it does'.", "### First" },
        { "command", "---\nexternal help file: Sample.dll-Help.xml\nModule Name: Sample\nonline version:\nschema: 2.0.0\n---\n", "", "no front matter; a cmdlet page starts with '---', 'external help file: Sample.dll-Help.xml', 'Module Name: Sample', 'online version:', 'schema: 2.0.0', '---'.", null },
        { "command", "Module Name: Sample", "Module Name: Other", "front matter 'Module Name' is 'Other' but must be 'Sample' for this module.", "Module Name" },
        { "command", "external help file: Sample.dll-Help.xml", "external help file: Other.dll-Help.xml", "front matter 'external help file' is 'Other.dll-Help.xml' but must be 'Sample.dll-Help.xml' for this module.", "external help file" },
        { "command", "online version:", "online version", "front matter line 'online version' is not 'key: value'.", "online version" },
        { "command", "# Get-Sample", "# Get-Samples", "the title is '# Get-Samples' but the file is for Get-Sample; the title must be the cmdlet name.", "# Get-Samples" },
        { "command", "Position: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n### CommonParameters", "Position Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n### CommonParameters", "-Path: yaml line 'Position Named' is not 'Key: value'.", "Position Named" },
        { "command", "Aliases: f\n\nRequired: False", "Aliases: f\n\nRequired: Maybe", "-Force: 'Required: Maybe' must be True or False.", "Required: Maybe" },
        { "command", "Aliases: f", "Alias: f", "-Force: unknown yaml key 'Alias'; the keys are Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters.", "Alias: f" },
        { "command", "Accept wildcard characters: True\n", "", "-Name: the yaml block lacks 'Accept wildcard characters:'.", "```yaml#2" },
        { "command", "Position: 0", "Position: first", "-Name: 'Position: first' must be Named or a number.", "Position: first" },
        { "command", "Accept pipeline input: True (ByPropertyName, ByValue)", "Accept pipeline input: Yes", "-Name: 'Accept pipeline input: Yes' must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).", "Accept pipeline input: Yes" },
        { "command", "Aliases: f\n\nRequired: False", "Aliases: f\nAliases: g\n\nRequired: False", "-Force: yaml key 'Aliases' appears twice.", "Aliases: g" },
        { "command", "[-Force] [<CommonParameters>]\n```\n\n### Path", "[-Force] [-Extra] [<CommonParameters>]\n```\n\n### Path", "set 'Name' names -Extra, which PARAMETERS does not document.", "## SYNTAX" },
        { "command", "Get-Sample -Path <String> [-Force]", "Get-Sample -Path <String>", "-Force is in set 'Path' by its yaml but missing from that syntax.", "## SYNTAX" },
        { "command", "Parameter Sets: Path", "Parameter Sets: Paths", "-Path names parameter set 'Paths', which SYNTAX does not have.", "## SYNTAX" },
        { "command", "[about_Sample](about_Sample.md)\n\n[Sample store](https://example.com/store)\n", "", "RELATED LINKS is empty; link at least the about topic or a related cmdlet.", "## RELATED LINKS" },
        { "command", "[about_Sample](about_Sample.md)", "see about_Sample", "'see about_Sample' in RELATED LINKS is not a link; write [Text](uri), one per line.", "see about_Sample" },
        { "command", "## OUTPUTS\n\n### Sample.SampleInfo\n", "## OUTPUTS\n", "OUTPUTS names no type; write '### TypeName' (or '### None').", "## OUTPUTS" },
        { "command", "## DESCRIPTION\nThe", "## DESCRIPTION\n#### Details\nThe", "a level 4 heading is not allowed here; use the page's ## and ### structure.", "#### Details" },
        { "about", "## Long description", "## Details", "an about topic starts with '## Short description' and then '## Long description'.", "# about_Sample" },
        { "about", "title: about_Sample", "title: about_Other", "front matter 'title' is 'about_Other' but the file is for about_Sample.", "title:" },
        { "about", "A sample is what", "{{ Fill in the Long description }} A sample is what", "unfilled placeholder '{{ Fill in the Long description }} A sample is what `Get-Sample` returns. This paragraph is long enough to be wrapped at eighty'; write the real text.", "{{ Fill" },
        { "about", "Samples kept in a `store`", "Samples kept\n\nin a `store`", "the short description is one paragraph: Get-Help lists it as the topic's synopsis.", "## Short description" },
    };

    [Theory]
    [MemberData(nameof(BrokenPages))]
    public void A_broken_page_is_reported_at_its_line_and_nothing_is_written(string file, string original, string replacement, string message, string? lineOf)
    {
        using var sample = new SampleHelp();
        var path = file == "about" ? sample.AboutPagePath : sample.CommandPagePath;
        SampleHelp.Edit(path, original, replacement);
        var line = lineOf is null ? 1 : SampleHelp.LineOf(path, lineOf);
        Assert.True(line > 0, $"no line starts with '{lineOf}'");

        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        Assert.False(result.Succeeded);
        Assert.Contains(new HelpProblem(Path.Combine(sample.Docs, Path.GetFileName(path)), line, message), result.Problems);
        Assert.Empty(result.Files);
        Assert.False(Directory.Exists(Path.Combine(sample.Root, "out")), "a failed build must not create the output directory");
    }

    [Fact]
    public void An_exported_cmdlet_without_a_page_fails_the_build()
    {
        using var sample = new SampleHelp();
        SampleHelp.Edit(sample.ManifestPath, "'Get-Sample'", "'Get-Sample', 'Get-Other'");

        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        var problem = Assert.Single(result.Problems);
        Assert.Equal($"{Path.Combine(sample.Docs, "Get-Other.md")}:1: Get-Other is exported by {sample.ManifestPath} but has no help page; write one in the PlatyPS schema.", problem.ToString());
        Assert.False(Directory.Exists(sample.Output));
    }

    [Fact]
    public void A_page_for_a_cmdlet_the_module_does_not_export_fails_the_build()
    {
        using var sample = new SampleHelp();
        File.WriteAllText(Path.Combine(sample.Docs, "Get-Stray.md"), SampleHelp.CommandPage.Replace("Get-Sample", "Get-Stray", StringComparison.Ordinal));

        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        var problem = Assert.Single(result.Problems);
        Assert.Equal($"{Path.Combine(sample.Docs, "Get-Stray.md")}:1: Get-Stray is not among the CmdletsToExport of {sample.ManifestPath}; remove the page or export the cmdlet.", problem.ToString());
        Assert.False(Directory.Exists(sample.Output));
    }

    [Fact]
    public void A_manifest_exporting_cmdlets_by_wildcard_fails_the_build()
    {
        using var sample = new SampleHelp();
        SampleHelp.Edit(sample.ManifestPath, "CmdletsToExport   = @(\n        'Get-Sample'\n    )", "CmdletsToExport   = @('*')");

        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new HelpProblem(sample.ManifestPath, 4, "CmdletsToExport must name every cmdlet (no wildcards) so that each can be checked for help."), problem);
        Assert.False(Directory.Exists(sample.Output));
    }

    [Fact]
    public void An_about_page_not_named_help_md_fails_the_build()
    {
        using var sample = new SampleHelp();
        File.Move(sample.AboutPagePath, Path.Combine(sample.Docs, "about_Sample.md"));

        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        Assert.Equal([new HelpProblem(Path.Combine(sample.Docs, "about_Sample.md"), 1, "an about topic page is named about_<Topic>.help.md.")], result.Problems);
    }

    [Fact]
    public void A_failed_build_leaves_the_previous_help_as_it_was()
    {
        using var sample = new SampleHelp();
        Assert.True(HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output).Succeeded);
        var before = Directory.GetFiles(sample.Output).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        SampleHelp.Edit(sample.CommandPagePath, "Gets a sample.", "{{ Fill in the Synopsis }}");
        SampleHelp.Edit(sample.AboutPagePath, "Wildcards work.", "Wildcards work, always.");

        Assert.False(HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output).Succeeded);

        var after = Directory.GetFiles(sample.Output).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before)
        {
            Assert.Equal(bytes, after[name]);
        }
    }

    [Fact]
    public void Every_problem_of_every_page_is_reported_at_once()
    {
        using var sample = new SampleHelp();
        SampleHelp.Edit(sample.CommandPagePath, "Where it is.\n", "");
        SampleHelp.Edit(sample.CommandPagePath, "Aliases: f\n\nRequired: False", "Aliases: f\n\nRequired: Maybe");
        SampleHelp.Edit(sample.AboutPagePath, "## Long description", "## Details");

        var result = HelpBuild.Compile(sample.Docs, sample.ManifestPath);

        Assert.Equal(3, result.Problems.Count);
    }

    [Fact]
    public void The_compiler_exits_1_with_file_line_messages_and_writes_nothing()
    {
        using var sample = new SampleHelp();
        SampleHelp.Edit(sample.CommandPagePath, "### -Path\nWhere it is.\n", "### -Path\n");

        var (exit, stdout, stderr) = RunCompiler("--source", sample.Docs, "--manifest", sample.ManifestPath, "--output", sample.Output);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            $"{Path.Combine(sample.Docs, "Get-Sample.md")}:{SampleHelp.LineOf(sample.CommandPagePath, "### -Path")}: -Path has no description; say what the parameter does before its yaml block.\n"
            + $"1 problem(s) in the help; nothing was written to {sample.Output}.\n",
            stderr);
        Assert.False(Directory.Exists(sample.Output));
    }

    [Fact]
    public void The_compiler_exits_0_and_names_what_it_wrote()
    {
        using var sample = new SampleHelp();

        var (exit, stdout, stderr) = RunCompiler("--source", sample.Docs, "--manifest", sample.ManifestPath, "--output", sample.Output);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal($"Wrote {Path.Combine(sample.Output, "Sample.dll-Help.xml")}\nWrote {Path.Combine(sample.Output, "about_Sample.help.txt")}\n", stdout);
        Assert.Equal(SampleOutputTests.ExpectedMaml, File.ReadAllText(Path.Combine(sample.Output, "Sample.dll-Help.xml")));
    }

    [Fact]
    public void The_compiler_exits_2_on_a_usage_error()
    {
        var (exit, stdout, stderr) = RunCompiler("--source", "docs");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("usage: OpenTofuOci.HelpCompiler --source", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the built compiler the way build.ps1 does, as its own process.</summary>
    private static (int Exit, string Stdout, string Stderr) RunCompiler(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenTofuOci.HelpCompiler.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result.Replace("\r\n", "\n", StringComparison.Ordinal), stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
