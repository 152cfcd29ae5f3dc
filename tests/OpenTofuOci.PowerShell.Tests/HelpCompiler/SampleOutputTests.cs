using OpenTofuOci.HelpCompiler.Build;

namespace OpenTofuOci.PowerShell.Tests.HelpCompiler;

/// <summary>What the help compiler writes for a small page, byte for byte.</summary>
public sealed class SampleOutputTests
{
    public const string ExpectedMaml = """
<?xml version="1.0" encoding="utf-8"?>
<helpItems schema="maml" xmlns="http://msh">
  <command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10" xmlns:MSHelp="http://msdn.microsoft.com/mshelp">
    <command:details>
      <command:name>Get-Sample</command:name>
      <command:verb>Get</command:verb>
      <command:noun>Sample</command:noun>
      <maml:description>
        <maml:para>Gets a sample.</maml:para>
      </maml:description>
    </command:details>
    <maml:description>
      <maml:para>The Get-Sample cmdlet gets samples from the store (https://example.com/store) or from what Get-Other left.</maml:para>
      <maml:para>- first item</maml:para>
      <maml:para>- second item</maml:para>
    </maml:description>
    <command:syntax>
      <command:syntaxItem>
        <maml:name>Get-Sample</maml:name>
        <command:parameter required="true" variableLength="true" globbing="true" pipelineInput="True (ByPropertyName, ByValue)" position="0" aliases="none">
          <maml:name>Name</maml:name>
          <maml:description>
            <maml:para>The names.</maml:para>
          </maml:description>
          <command:parameterValue required="true" variableLength="true">String[]</command:parameterValue>
          <dev:type>
            <maml:name>String[]</maml:name>
            <maml:uri />
          </dev:type>
          <dev:defaultValue>None</dev:defaultValue>
        </command:parameter>
        <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="False" position="named" aliases="f">
          <maml:name>Force</maml:name>
          <maml:description>
            <maml:para>Gets it even when hidden.</maml:para>
          </maml:description>
          <dev:type>
            <maml:name>SwitchParameter</maml:name>
            <maml:uri />
          </dev:type>
          <dev:defaultValue>False</dev:defaultValue>
        </command:parameter>
      </command:syntaxItem>
      <command:syntaxItem>
        <maml:name>Get-Sample</maml:name>
        <command:parameter required="true" variableLength="false" globbing="false" pipelineInput="False" position="named" aliases="none">
          <maml:name>Path</maml:name>
          <maml:description>
            <maml:para>Where it is.</maml:para>
          </maml:description>
          <command:parameterValue required="true" variableLength="false">String</command:parameterValue>
          <dev:type>
            <maml:name>String</maml:name>
            <maml:uri />
          </dev:type>
          <dev:defaultValue>None</dev:defaultValue>
        </command:parameter>
        <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="False" position="named" aliases="f">
          <maml:name>Force</maml:name>
          <maml:description>
            <maml:para>Gets it even when hidden.</maml:para>
          </maml:description>
          <dev:type>
            <maml:name>SwitchParameter</maml:name>
            <maml:uri />
          </dev:type>
          <dev:defaultValue>False</dev:defaultValue>
        </command:parameter>
      </command:syntaxItem>
    </command:syntax>
    <command:parameters>
      <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="False" position="named" aliases="f">
        <maml:name>Force</maml:name>
        <maml:description>
          <maml:para>Gets it even when hidden.</maml:para>
        </maml:description>
        <command:parameterValue required="false" variableLength="false">SwitchParameter</command:parameterValue>
        <dev:type>
          <maml:name>SwitchParameter</maml:name>
          <maml:uri />
        </dev:type>
        <dev:defaultValue>False</dev:defaultValue>
      </command:parameter>
      <command:parameter required="true" variableLength="true" globbing="true" pipelineInput="True (ByPropertyName, ByValue)" position="0" aliases="none">
        <maml:name>Name</maml:name>
        <maml:description>
          <maml:para>The names.</maml:para>
        </maml:description>
        <command:parameterValue required="true" variableLength="true">String[]</command:parameterValue>
        <dev:type>
          <maml:name>String[]</maml:name>
          <maml:uri />
        </dev:type>
        <dev:defaultValue>None</dev:defaultValue>
      </command:parameter>
      <command:parameter required="true" variableLength="false" globbing="false" pipelineInput="False" position="named" aliases="none">
        <maml:name>Path</maml:name>
        <maml:description>
          <maml:para>Where it is.</maml:para>
        </maml:description>
        <command:parameterValue required="true" variableLength="false">String</command:parameterValue>
        <dev:type>
          <maml:name>String</maml:name>
          <maml:uri />
        </dev:type>
        <dev:defaultValue>None</dev:defaultValue>
      </command:parameter>
    </command:parameters>
    <command:inputTypes>
      <command:inputType>
        <dev:type>
          <maml:name>System.String[]</maml:name>
        </dev:type>
        <maml:description>
          <maml:para>Names.</maml:para>
        </maml:description>
      </command:inputType>
    </command:inputTypes>
    <command:returnValues>
      <command:returnValue>
        <dev:type>
          <maml:name>Sample.SampleInfo</maml:name>
        </dev:type>
        <maml:description />
      </command:returnValue>
    </command:returnValues>
    <maml:alertSet>
      <maml:alert>
        <maml:para>Errors carry the id NotFound.</maml:para>
      </maml:alert>
    </maml:alertSet>
    <command:examples>
      <command:example>
        <maml:title>------------------- Example 1: Get a sample -------------------</maml:title>
        <dev:code>Get-Sample -Name one</dev:code>
        <dev:remarks>
          <maml:para>Name
----
one</maml:para>
          <maml:para>Gets the sample named one.</maml:para>
        </dev:remarks>
      </command:example>
    </command:examples>
    <command:relatedLinks>
      <maml:navigationLink>
        <maml:linkText>about_Sample</maml:linkText>
        <maml:uri />
      </maml:navigationLink>
      <maml:navigationLink>
        <maml:linkText>Sample store</maml:linkText>
        <maml:uri>https://example.com/store</maml:uri>
      </maml:navigationLink>
    </command:relatedLinks>
  </command:command>
</helpItems>

""";

    public const string ExpectedAbout = """
TOPIC
    about_Sample

SHORT DESCRIPTION
    Samples kept in a store, one per name, and how to get them back again.

LONG DESCRIPTION
    A sample is what Get-Sample returns. This paragraph is long enough to be
    wrapped at eighty columns when it is written as an about topic.

  Getting samples
    - Get-Sample -Name one gets one sample by its name, or fails when there is
      no sample of that name.
    - Wildcards work.

        Get-Sample -Name o*

SEE ALSO
    - Get-Sample

""";

    [Fact]
    public void A_cmdlet_page_becomes_exactly_this_MAML()
    {
        using var sample = new SampleHelp();
        var result = HelpBuild.Compile(sample.Docs, sample.ManifestPath);

        Assert.Empty(result.Problems);
        Assert.Equal(["Sample.dll-Help.xml", "about_Sample.help.txt"], result.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedMaml, result.Files["Sample.dll-Help.xml"]);
    }

    [Fact]
    public void An_about_page_becomes_exactly_this_text()
    {
        using var sample = new SampleHelp();
        var result = HelpBuild.Compile(sample.Docs, sample.ManifestPath);

        Assert.Empty(result.Problems);
        Assert.Equal(ExpectedAbout, result.Files["about_Sample.help.txt"]);
        // Get-Help lists the 5th line of an about topic as its synopsis.
        Assert.Equal("    Samples kept in a store, one per name, and how to get them back again.", ExpectedAbout.Split('\n')[4]);
    }

    [Fact]
    public void Run_writes_the_files_it_compiled_and_nothing_else()
    {
        using var sample = new SampleHelp();
        var result = HelpBuild.Run(sample.Docs, sample.ManifestPath, sample.Output);

        Assert.True(result.Succeeded);
        Assert.Equal(["Sample.dll-Help.xml", "about_Sample.help.txt"], Directory.GetFiles(sample.Output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedMaml, File.ReadAllText(Path.Combine(sample.Output, "Sample.dll-Help.xml")));
        Assert.Equal(ExpectedAbout, File.ReadAllText(Path.Combine(sample.Output, "about_Sample.help.txt")));
    }

    [Theory]
    [InlineData("Example 1: Get a sample", "------------------- Example 1: Get a sample -------------------")]
    [InlineData("Example 12: Install the versions a listing selected as zips, for two platforms",
        "--- Example 12: Install the versions a listing selected as zips, for two platforms ---")]
    public void Example_titles_are_set_off_by_dashes_even_when_long(string title, string expected) =>
        Assert.Equal(expected, OpenTofuOci.HelpCompiler.Output.MamlWriter.PadTitle(title));

    [Fact]
    public void Windows_line_ends_in_the_markdown_give_the_same_output()
    {
        using var sample = new SampleHelp();
        File.WriteAllText(sample.CommandPagePath, SampleHelp.CommandPage.Replace("\n", "\r\n", StringComparison.Ordinal));
        File.WriteAllText(sample.AboutPagePath, SampleHelp.AboutPage.Replace("\n", "\r\n", StringComparison.Ordinal));
        var result = HelpBuild.Compile(sample.Docs, sample.ManifestPath);

        Assert.Empty(result.Problems);
        Assert.Equal(ExpectedMaml, result.Files["Sample.dll-Help.xml"]);
        Assert.Equal(ExpectedAbout, result.Files["about_Sample.help.txt"]);
    }
}
