using System.Text.RegularExpressions;

namespace OpenTofuOci.HelpCompiler.Build;

/// <summary>
/// What the help build needs from the module manifest (.psd1): the module name (the file name), the
/// root module (whose name the MAML file carries) and the cmdlets it exports, each of which must
/// have a help page. Read as text: the build must not need PowerShell to run.
/// </summary>
internal sealed partial record ModuleManifest(string ModuleName, string RootModule, IReadOnlyList<string> CmdletsToExport)
{
    /// <summary>The external help file Get-Help looks for beside a binary module: <c>&lt;dll&gt;-Help.xml</c>.</summary>
    public string ExternalHelpFile => RootModule + "-Help.xml";

    public static ModuleManifest? Read(string path, List<HelpProblem> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new HelpProblem(path, 1, $"cannot read the module manifest: {e.Message}"));
            return null;
        }

        var before = problems.Count;
        var root = RootModulePattern().Match(text);
        if (!root.Success)
        {
            problems.Add(new HelpProblem(path, 1, "the manifest has no RootModule = '<name>.dll'."));
        }

        var cmdlets = CmdletsPattern().Match(text);
        List<string> names = [];
        if (!cmdlets.Success)
        {
            problems.Add(new HelpProblem(path, 1, "the manifest has no CmdletsToExport = @(...) listing each cmdlet; every exported cmdlet needs a help page."));
        }
        else
        {
            names = [.. QuotedPattern().Matches(cmdlets.Groups[1].Value).Select(m => m.Groups[1].Value)];
            if (names.Count == 0 || names.Exists(n => n.Contains('*', StringComparison.Ordinal)))
            {
                problems.Add(new HelpProblem(path, LineOf(text, cmdlets.Index), "CmdletsToExport must name every cmdlet (no wildcards) so that each can be checked for help."));
            }
        }

        return problems.Count > before
            ? null
            : new ModuleManifest(Path.GetFileNameWithoutExtension(path), root.Groups[1].Value, names);
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"^\s*RootModule\s*=\s*['""]([^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex RootModulePattern();

    [GeneratedRegex(@"^\s*CmdletsToExport\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex CmdletsPattern();

    [GeneratedRegex(@"['""]([^'""]+)['""]")]
    private static partial Regex QuotedPattern();
}
