#Requires -Version 7.4

# The module as users install it: the manifest, the staged directory (./build.ps1 -Task Package),
# and a round trip through PSResourceGet (Publish-PSResource to a local file repository,
# Install-PSResource, Import-Module by name in a fresh pwsh -NoProfile that then installs a provider).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $script:Root = Get-RepositoryRoot
    $script:Stage = Split-Path -Parent (Get-StagedModulePath)
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # Runs $Script in a new pwsh -NoProfile whose home (and so its user module folder and
    # PSResourceGet's repository list) is $HomeDirectory; returns its output lines, throws on failure.
    function Invoke-FreshPwsh {
        param([string]$HomeDirectory, [string]$Script)
        $start = [System.Diagnostics.ProcessStartInfo]::new($script:Pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Script) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        # Everything the child writes (PSResourceGet's repository list, NuGet's configuration, the
        # installed module) goes below $HomeDirectory, and it runs there, never in the repository.
        $start.WorkingDirectory = $HomeDirectory
        $start.Environment['HOME'] = $HomeDirectory
        $start.Environment['USERPROFILE'] = $HomeDirectory
        $start.Environment['XDG_DATA_HOME'] = Join-Path $HomeDirectory '.local/share'
        $start.Environment['XDG_CONFIG_HOME'] = Join-Path $HomeDirectory '.config'
        $start.Environment['XDG_CACHE_HOME'] = Join-Path $HomeDirectory '.cache'
        foreach ($v in 'PSModulePath', 'OPENTOFUOCI_MODULE', 'TF_CLI_CONFIG_FILE') { $null = $start.Environment.Remove($v) }
        $process = [System.Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "pwsh exited with $($process.ExitCode): $stdout $($stderr.Result)" }
        $stdout -split "`r?`n" | Where-Object { $_ }
    }
}

Describe 'The module manifest' {
    It 'names files that exist beside it at the top of the repository; only the compiled module is missing before a build' {
        $null = Test-ModuleManifest -Path (Join-Path $script:Root 'OpenTofuOci.psd1') -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be 'Modules_InvalidRootModuleInModuleManifest,Microsoft.PowerShell.Commands.TestModuleManifestCommand'
        Test-Path -LiteralPath (Join-Path $script:Root 'OpenTofuOci.Format.ps1xml') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $script:Root 'LICENSE') | Should -BeTrue
    }

    It 'passes Test-ModuleManifest where it is staged, byte for byte the repository''s' {
        $staged = Join-Path $script:Stage 'OpenTofuOci.psd1'
        $manifest = Test-ModuleManifest -Path $staged -ErrorAction Stop

        $manifest.Version | Should -Be ([version](Import-PowerShellDataFile (Join-Path $script:Root 'OpenTofuOci.psd1')).ModuleVersion)
        (Get-FileHash -LiteralPath $staged).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $script:Root 'OpenTofuOci.psd1')).Hash
        $manifest.PrivateData.PSData.LicenseUri | Should -Match '/LICENSE$'
        (Get-Content -LiteralPath (Join-Path $script:Stage 'LICENSE') -TotalCount 2)[1] | Should -Match 'Apache License'
    }

    It 'gives its version to every assembly (one version source)' {
        $version = [version](Import-PowerShellDataFile (Join-Path $script:Root 'OpenTofuOci.psd1')).ModuleVersion
        foreach ($assembly in 'OpenTofuOci.dll', 'OpenTofuOci.Core.dll') {
            $name = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:Stage $assembly))
            "$($name.Version.Major).$($name.Version.Minor).$($name.Version.Build)" | Should -Be "$version"
        }
    }

    It 'is staged clean: the module files and nothing else' {
        $files = Get-ChildItem -LiteralPath $script:Stage -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($script:Stage, $_.FullName) -replace '\\', '/' }

        $files | Where-Object { $_ -match '\.(pdb|deps\.json|runtimeconfig\.json)$' -or $_ -eq 'System.Management.Automation.dll' } | Should -BeNullOrEmpty
        foreach ($required in 'OpenTofuOci.psd1', 'OpenTofuOci.dll', 'OpenTofuOci.Core.dll', 'OpenTofuOci.Format.ps1xml', 'LICENSE') {
            $files | Should -Contain $required
        }
    }
}

Describe 'Installing with PSResourceGet' {
    BeforeAll {
        $script:UserHome = Join-Path $TestDrive 'user'
        $script:Feed = Join-Path $TestDrive 'feed'
        $null = New-Item -ItemType Directory -Path $script:UserHome, $script:Feed -Force
        $script:Mirror = Get-LayoutRepository (Join-Path $TestDrive 'mirror')
        New-TestRelease -Path (Join-Path $TestDrive 'dist') -Version '1.0.0' -Platform 'linux_amd64', 'windows_amd64' | Out-Null
        $null = Publish-TofuProvider -Path (Join-Path $TestDrive 'dist') -Repository $script:Mirror -ErrorAction Stop

        $quote = { param([string]$Text) "'" + ($Text -replace "'", "''") + "'" }
        $script:Published = @(Invoke-FreshPwsh -HomeDirectory $script:UserHome -Script @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name local -Uri $(& $quote $script:Feed) -Trusted
Publish-PSResource -Path $(& $quote $script:Stage) -Repository local
Install-PSResource -Name OpenTofuOci -Repository local -Scope CurrentUser -TrustRepository
(Get-InstalledPSResource -Name OpenTofuOci).InstalledLocation
"@)
        $script:Used = @(Invoke-FreshPwsh -HomeDirectory $script:UserHome -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module OpenTofuOci
(Get-Module OpenTofuOci).ModuleBase
`$p = Install-TofuProvider -PassThru -Source example/hello -Repository $(& $quote $script:Mirror) -Platform linux_amd64 -Destination $(& $quote (Join-Path $TestDrive 'providers'))
`$p.Status
`$p.Path
"@)
    }

    It 'publishes the staged module to a file repository as a package named by the manifest' {
        $package = Get-ChildItem -LiteralPath $script:Feed -Filter '*.nupkg'
        $package.Name | Should -Be "OpenTofuOci.$((Import-PowerShellDataFile (Join-Path $script:Root 'OpenTofuOci.psd1')).ModuleVersion).nupkg"
    }

    It 'installs it into the user''s module folder, where Import-Module finds it by name in a fresh pwsh' {
        $installedIn = $script:Published[-1]
        $installedIn | Should -BeLike "$script:UserHome*"
        $script:Used[0] | Should -BeLike "$script:UserHome*"
        Test-Path -LiteralPath (Join-Path $script:Used[0] 'OpenTofuOci.dll') | Should -BeTrue
    }

    It 'shows full help for every exported cmdlet, and the about topic, from the installed copy' {
        $report = @(Invoke-FreshPwsh -HomeDirectory $script:UserHome -Script @'
$ErrorActionPreference = 'Stop'
Import-Module OpenTofuOci
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$rows = foreach ($name in (Get-Module OpenTofuOci).ExportedCmdlets.Keys | Sort-Object) {
    $help = Get-Help $name -Full
    $parameters = @((Get-Command $name).Parameters.Keys | Where-Object { $_ -notin $common })
    $described = @($help.parameters.parameter | Where-Object { "$($_.description.Text)".Trim() } | ForEach-Object name)
    [pscustomobject]@{
        Name          = $name
        Synopsis      = "$($help.Synopsis)".Trim()
        Description   = "$($help.description.Text)".Trim().Length
        Undescribed   = @($parameters | Where-Object { $_ -notin $described })
        Examples      = @($help.examples.example).Count
        HelpFile      = $help.PSObject.Properties['HelpFile'] ? "$($help.HelpFile)" : ''
    }
}
[pscustomobject]@{ Cmdlets = @($rows); About = "$(Get-Help about_OpenTofuOci | Out-String)" } | ConvertTo-Json -Depth 4 -Compress
'@)
        $help = $report[-1] | ConvertFrom-Json

        $help.Cmdlets.Name | Should -Be @((Import-PowerShellDataFile (Join-Path $script:Root 'OpenTofuOci.psd1')).CmdletsToExport | Sort-Object)
        foreach ($cmdlet in $help.Cmdlets) {
            $cmdlet.Synopsis | Should -Not -BeNullOrEmpty -Because "$($cmdlet.Name) needs a synopsis"
            $cmdlet.Synopsis | Should -Not -Match "^$($cmdlet.Name) " -Because "$($cmdlet.Name)'s synopsis must come from the help, not the syntax"
            $cmdlet.Description | Should -BeGreaterThan 100 -Because "$($cmdlet.Name) needs a description"
            $cmdlet.Undescribed | Should -BeNullOrEmpty -Because "every parameter of $($cmdlet.Name) needs a description"
            $cmdlet.Examples | Should -BeGreaterOrEqual 2 -Because "$($cmdlet.Name) needs two examples"
        }
        $help.About | Should -Match 'OpenTofuOci'
        $help.About | Should -Match 'LONG DESCRIPTION'
    }

    It 'writes nothing outside the user''s home (no NuGet configuration in the repository)' {
        Test-Path -LiteralPath (Join-Path $script:Root 'NuGet') | Should -BeFalse
        @(Get-ChildItem -LiteralPath $script:UserHome -Recurse -Force -Filter 'PSResourceRepository.xml').Count | Should -Be 1
    }

    It 'installs a provider from an OCI layout with the installed module' {
        $script:Used[1] | Should -Be 'Installed'
        $script:Used[2] | Should -Be (Join-Path $TestDrive 'providers/registry.opentofu.org/example/hello/1.0.0/linux_amd64')
        Get-Content -LiteralPath (Join-Path $script:Used[2] 'terraform-provider-hello_v1.0.0') -Raw | Should -Be "#!/bin/sh`necho hello 1.0.0 linux_amd64`n"
    }
}
