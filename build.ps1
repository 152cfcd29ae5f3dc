#Requires -Version 7.0
<#
.SYNOPSIS
Builds, tests, documents and stages the OpenTofuOci module.

.DESCRIPTION
Build   dotnet build of OpenTofuOci.slnx.
Test    on Linux tests/run.sh (the CI test command); elsewhere dotnet test, then the Pester 5.9.1
        suite in tests/pester (Pester restored from NuGet) against the staged module.
Docs    MAML help from docs/en-US into out/OpenTofuOci/en-US with platyPS 0.14 or
        Microsoft.PowerShell.PlatyPS 1.x, whichever is installed.
Package stages out/OpenTofuOci: manifest, module and Core assemblies, format file, help, LICENSE.
Publish stages, then publishes out/OpenTofuOci with PSResourceGet's Publish-PSResource to -Repository.
Native  the tofu-oci executable compiled ahead of time for -Runtime (default: this machine's) into
        out/native/<runtime>; needs clang or gcc on Linux, the C++ build tools on Windows, Xcode on macOS.

.EXAMPLE
./build.ps1 -Task Package

.EXAMPLE
./build.ps1 -Task All -Configuration Debug

.EXAMPLE
./build.ps1 -Task Native -Runtime win-x64

.EXAMPLE
Register-PSResourceRepository -Name team -Uri \\fileserver\psrepo -Trusted
./build.ps1 -Task Publish -Repository team
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Publish', 'Native', 'All')]
    [string[]]$Task = 'Build',

    [string]$Configuration = 'Release',

    # Runtime identifier for -Task Native, e.g. linux-x64, linux-arm64, win-x64, osx-arm64.
    [string]$Runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,

    # -Task Package: stage what the last build of -Configuration produced instead of building again.
    [switch]$NoBuild,

    # -Task Publish: the PSResourceGet repository to publish the staged module to (Register-PSResourceRepository).
    [string]$Repository,

    # -Task Publish: the repository's API key, when it needs one (a file share does not).
    [string]$ApiKey
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'OpenTofuOci.slnx'
$ModuleProject = Join-Path $Root 'src/OpenTofuOci.PowerShell/OpenTofuOci.PowerShell.csproj'
$Stage = Join-Path $Root 'out/OpenTofuOci'
$HelpSource = Join-Path $Root 'docs/en-US'
$Done = [System.Collections.Generic.HashSet[string]]::new()

# Native tools do not throw on failure; $ErrorActionPreference alone would let a failed build pass.
function Invoke-Tool {
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Once {
    param([string]$Name, [scriptblock]$Action)
    if ($Done.Add($Name)) {
        Write-Host "== $Name ($Configuration)" -ForegroundColor Cyan
        & $Action
    }
}

function Invoke-BuildTask {
    Invoke-Once 'Build' { Invoke-Tool dotnet @('build', $Solution, '--configuration', $Configuration) }
}

function Invoke-DocsTask {
    Invoke-Once 'Docs' { Write-Help }
}

function Write-Help {
    $helpOut = Join-Path $Stage 'en-US'
    $classic = Get-Module -ListAvailable -Name platyPS |
        Where-Object { $_.Version -ge [version]'0.14.0' -and $_.Version -lt [version]'1.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    $modern = Get-Module -ListAvailable -Name Microsoft.PowerShell.PlatyPS |
        Where-Object { $_.Version -ge [version]'1.0' } |
        Sort-Object Version -Descending | Select-Object -First 1

    if ($classic) {
        Import-Module $classic -Force
        $null = New-Item -ItemType Directory -Path $helpOut -Force
        # Converts the cmdlet pages to OpenTofuOci.dll-Help.xml (named by their front matter) and
        # about_*.md to about_*.help.txt.
        $null = New-ExternalHelp -Path $HelpSource -OutputPath $helpOut -Force
    }
    elseif ($modern) {
        Import-Module $modern -Force
        $null = New-Item -ItemType Directory -Path $helpOut -Force
        $temp = Join-Path ([System.IO.Path]::GetTempPath()) "opentofuoci-maml-$PID"
        try {
            $pages = Measure-PlatyPSMarkdown -Path (Join-Path $HelpSource '*.md') |
                Where-Object FileType -Match 'CommandHelp' |
                ForEach-Object { Import-MarkdownCommandHelp -Path $_.FilePath }
            $null = Export-MamlCommandHelp -CommandHelp $pages -OutputFolder $temp -Force
            # It names the file after the module; a binary module's help must be named after its dll.
            $maml = @(Get-ChildItem -LiteralPath $temp -Filter '*-Help.xml' -Recurse)
            if ($maml.Count -ne 1) {
                throw "Expected one MAML file from Export-MamlCommandHelp in $temp, found $($maml.Count)."
            }

            Copy-Item -LiteralPath $maml[0].FullName -Destination (Join-Path $helpOut 'OpenTofuOci.dll-Help.xml') -Force
        }
        finally {
            Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction Ignore
        }

        # Version 1 has no about-topic converter; an about topic is plain text, which markdown already is.
        Get-ChildItem -LiteralPath $HelpSource -Filter 'about_*.help.md' | ForEach-Object {
            Copy-Item -LiteralPath $_.FullName -Destination (Join-Path $helpOut ($_.Name -replace '\.md$', '.txt')) -Force
        }
    }
    else {
        Write-Warning 'Neither platyPS 0.14 nor Microsoft.PowerShell.PlatyPS 1.x is installed: no external help generated (Install-PSResource Microsoft.PowerShell.PlatyPS).'
    }
}

function Invoke-PackageTask {
    Invoke-Once 'Package' {
        $publish = Join-Path $Root "out/publish/$Configuration"
        $publishArguments = @('publish', $ModuleProject, '--configuration', $Configuration, '--output', $publish)
        if ($NoBuild) { $publishArguments += '--no-build' }
        Invoke-Tool dotnet $publishArguments

        if (Test-Path -LiteralPath $Stage) {
            Remove-Item -LiteralPath $Stage -Recurse -Force
        }

        $null = New-Item -ItemType Directory -Path $Stage -Force
        # The module's dependencies, without System.Management.Automation: PowerShell brings the real one.
        Get-ChildItem -LiteralPath $publish -Filter '*.dll' |
            Where-Object Name -NE 'System.Management.Automation.dll' |
            Copy-Item -Destination $Stage
        foreach ($file in 'OpenTofuOci.psd1', 'OpenTofuOci.Format.ps1xml', 'LICENSE') {
            Copy-Item -LiteralPath (Join-Path $Root $file) -Destination $Stage
        }

        foreach ($required in 'OpenTofuOci.dll', 'OpenTofuOci.Core.dll', 'OpenTofuOci.psd1', 'OpenTofuOci.Format.ps1xml', 'LICENSE') {
            if (-not (Test-Path -LiteralPath (Join-Path $Stage $required))) {
                throw "Staging failed: $required is missing from $Stage."
            }
        }

        # Always, even if Docs ran before: staging starts from an empty directory.
        Write-Help
        $null = $Done.Add('Docs')
        # Checks the manifest the way Import-Module will (files it names exist, values are valid), and
        # that the assemblies carry the manifest's version (Directory.Build.props reads it from there).
        $manifest = Test-ModuleManifest -Path (Join-Path $Stage 'OpenTofuOci.psd1')
        foreach ($assembly in 'OpenTofuOci.dll', 'OpenTofuOci.Core.dll') {
            $version = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $Stage $assembly)).Version
            if ("$($version.Major).$($version.Minor).$($version.Build)" -ne "$($manifest.Version)") {
                throw "Staging failed: $assembly is version $version but the manifest says $($manifest.Version); rebuild."
            }
        }

        Write-Host "Staged $Stage"
    }
}

function Invoke-PublishTask {
    Invoke-Once 'Publish' {
        if (-not $Repository) {
            throw 'Say where to publish with -Repository <name> (a repository registered with Register-PSResourceRepository).'
        }

        Invoke-PackageTask
        $arguments = @{ Path = $Stage; Repository = $Repository; ErrorAction = 'Stop' }
        if ($ApiKey) { $arguments.ApiKey = $ApiKey }
        Publish-PSResource @arguments
        Write-Host "Published $Stage to $Repository"
    }
}

function Invoke-NativeTask {
    Invoke-Once 'Native' {
        $output = Join-Path $Root "out/native/$Runtime"
        Invoke-Tool dotnet @('publish', (Join-Path $Root 'src/OpenTofuOci.Cli'), '--configuration', $Configuration,
            '--runtime', $Runtime, '-p:PublishAot=true', '--output', $output)
        Write-Host "Native tofu-oci in $output"
    }
}

function Invoke-TestTask {
    Invoke-Once 'Test' {
        # On Linux tests/run.sh is the whole test command (it installs docker-registry and the other
        # test tools on Debian, runs the .NET tests and the Pester suite). Elsewhere: the .NET tests,
        # then the Pester suite against the staged module; tests that need docker-registry say so.
        $bash = Get-Command bash -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        $runScript = Join-Path $Root 'tests/run.sh'
        if ($IsLinux -and $bash -and (Test-Path -LiteralPath $runScript)) {
            Invoke-Tool $bash.Source @($runScript)
            return
        }

        Invoke-Tool dotnet @('test', $Solution, '--configuration', $Configuration)
        Invoke-Tool dotnet @('restore', (Join-Path $Root 'tests/pester/Pester.csproj'))
        # The Pester tests import the staged module, so stage what was just built.
        Invoke-PackageTask
        # A child process, because a binary module imported here would lock its dll until this session ends.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        Invoke-Tool $pwsh @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'))
    }
}

$tasks = if ($Task -contains 'All') { @('Build', 'Test', 'Docs', 'Package') } else { $Task }
foreach ($name in $tasks) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Docs' { Invoke-DocsTask }
        'Package' { Invoke-PackageTask }
        'Publish' { Invoke-PublishTask }
        'Native' { Invoke-NativeTask }
    }
}
