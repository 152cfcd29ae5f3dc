using System.Management.Automation;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>The module as the runspace tests load it: the build output of the module project, imported by its psd1.</summary>
public sealed class ModuleImportTests
{
    [Fact]
    public void The_build_output_imports_by_its_manifest_with_every_cmdlet_and_the_format_file()
    {
        using var lease = ModuleRunspaces.Rent();
        var run = lease.Run("""
            $m = Get-Module OpenTofuOci
            $m.Path
            $m.Version.ToString()
            ($m.ExportedCmdlets.Keys | Sort-Object) -join ','
            (Get-Command Get-TofuOciTag).ImplementingType.Assembly.Location
            (Get-FormatData -TypeName OpenTofuOci.PowerShell.Output.TofuOciTagInfo).TypeNames -join ','
            """).AssertClean();

        var lines = run.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "OpenTofuOci.dll"), lines[0]);
        Assert.Equal("0.1.0", lines[1]);
        Assert.Equal(
            "Connect-TofuOciRegistry,Copy-TofuProvider,Disconnect-TofuOciRegistry,Export-TofuBundle,Get-TofuOciCredentialSource,Get-TofuOciTag,Get-TofuProviderVersion,"
            + "Import-TofuBundle,Install-TofuProvider,Publish-TofuModule,Publish-TofuProvider,Save-TofuModule,Test-TofuBundle,Test-TofuProviderMirror,Update-TofuLockFile",
            lines[2]);
        // The very assembly the test project references (one copy loaded, not a second one beside it).
        Assert.Equal(typeof(Commands.GetTofuOciTagCommand).Assembly.Location, lines[3]);
        Assert.Equal("OpenTofuOci.PowerShell.Output.TofuOciTagInfo", lines[4]);
    }

    [Fact]
    public void The_runspaces_run_the_real_PowerShell_7_6()
    {
        using var lease = ModuleRunspaces.Rent();
        var run = lease.Run("$PSVersionTable.PSVersion.ToString(); $PSVersionTable.PSEdition").AssertClean();
        Assert.Equal(["7.6.10", "Core"], run.Output.Select(o => o.ToString()));
        // Not the PowerShellStandard.Library stub the module compiles against.
        Assert.Equal("System.Management.Automation", typeof(PSObject).Assembly.GetName().Name);
        Assert.NotNull(typeof(PSObject).Assembly.GetType("System.Management.Automation.Runspaces.LocalRunspace"));
    }

    [Fact]
    public void A_returned_runspace_keeps_nothing_of_the_test_before()
    {
        using (var first = ModuleRunspaces.Rent())
        {
            first.Run("$global:leftover = 'x'; $ErrorActionPreference = 'Stop'").AssertClean();
        }

        using var second = ModuleRunspaces.Rent();
        var run = second.Run("[string]$global:leftover; $ErrorActionPreference.ToString()").AssertClean();
        Assert.Equal(["", "Continue"], run.Output.Select(o => o.ToString()));
    }
}
