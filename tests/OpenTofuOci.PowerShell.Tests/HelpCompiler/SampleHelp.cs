namespace OpenTofuOci.PowerShell.Tests.HelpCompiler;

/// <summary>
/// A small module's help sources in a temporary directory: Sample.psd1 exporting Get-Sample,
/// docs/Get-Sample.md (two parameter sets, a switch, an output block, every section) and
/// docs/about_Sample.help.md. Tests change one file and compile.
/// </summary>
internal sealed class SampleHelp : IDisposable
{
    public const string Manifest = """
        @{
            RootModule        = 'Sample.dll'
            ModuleVersion     = '1.0.0'
            CmdletsToExport   = @(
                'Get-Sample'
            )
            FunctionsToExport = @()
        }
        """;

    public const string CommandPage = """
        ---
        external help file: Sample.dll-Help.xml
        Module Name: Sample
        online version:
        schema: 2.0.0
        ---

        # Get-Sample

        ## SYNOPSIS
        Gets a sample.

        ## SYNTAX

        ### Name (Default)
        ```
        Get-Sample [-Name] <String[]> [-Force] [<CommonParameters>]
        ```

        ### Path
        ```
        Get-Sample -Path <String> [-Force]
         [<CommonParameters>]
        ```

        ## DESCRIPTION
        The `Get-Sample` cmdlet gets **samples** from
        [the store](https://example.com/store) or from what [Get-Other](Get-Other.md) left.

        - first item
        - second `item`

        ## EXAMPLES

        ### Example 1: Get a sample
        ```powershell
        Get-Sample -Name one
        ```

        ```output
        Name
        ----
        one
        ```

        Gets the sample named `one`.

        ## PARAMETERS

        ### -Force
        Gets it even when hidden.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: f

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Name
        The names.

        ```yaml
        Type: String[]
        Parameter Sets: Name
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName, ByValue)
        Accept wildcard characters: True
        ```

        ### -Path
        Where it is.

        ```yaml
        Type: String
        Parameter Sets: Path
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

        ## INPUTS

        ### System.String[]
        Names.

        ## OUTPUTS

        ### Sample.SampleInfo

        ## NOTES
        Errors carry the id `NotFound`.

        ## RELATED LINKS

        [about_Sample](about_Sample.md)

        [Sample store](https://example.com/store)

        """;

    public const string AboutPage = """
        ---
        description: A sample.
        Locale: en-US
        schema: 2.0.0
        title: about_Sample
        ---
        # about_Sample

        ## Short description
        Samples kept in a `store`, one per name, and how to get them back again.

        ## Long description
        A sample is what `Get-Sample` returns. This paragraph is long enough to be wrapped at eighty
        columns when it is written as an about topic.

        ### Getting samples
        - `Get-Sample -Name one` gets one sample by its name, or fails when there is no sample of that name.
        - Wildcards work.

        ```powershell
        Get-Sample -Name o*
        ```

        ## See also
        - [Get-Sample](Get-Sample.md)

        """;

    public SampleHelp()
    {
        Root = Path.Combine(Path.GetTempPath(), "tofuoci-helpc-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Docs);
        File.WriteAllText(ManifestPath, Manifest);
        File.WriteAllText(CommandPagePath, CommandPage);
        File.WriteAllText(AboutPagePath, AboutPage);
    }

    public string Root { get; }

    public string Docs => Path.Combine(Root, "docs");

    public string Output => Path.Combine(Root, "out", "en-US");

    public string ManifestPath => Path.Combine(Root, "Sample.psd1");

    public string CommandPagePath => Path.Combine(Docs, "Get-Sample.md");

    public string AboutPagePath => Path.Combine(Docs, "about_Sample.help.md");

    /// <summary>Replaces the first occurrence of <paramref name="original"/> in a file (which must contain it).</summary>
    public static void Edit(string path, string original, string replacement)
    {
        var text = File.ReadAllText(path);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{original}' is not in {Path.GetFileName(path)}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + original.Length)));
    }

    /// <summary>
    /// The 1-based line of the first line of <paramref name="path"/> that starts with
    /// <paramref name="prefix"/>; "prefix#n" is the n-th such line.
    /// </summary>
    public static int LineOf(string path, string prefix)
    {
        var hash = prefix.LastIndexOf('#');
        var counted = hash > 0 && int.TryParse(prefix[(hash + 1)..], out _);
        var nth = counted ? int.Parse(prefix[(hash + 1)..]) : 1;
        var text = counted ? prefix[..hash] : prefix;

        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(text, StringComparison.Ordinal) && --nth == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp directory are harmless.
        }
    }
}
