#Requires -Version 7.0
<#
.SYNOPSIS
Builds, tests, documents and stages the OpenTofuOci module.

.DESCRIPTION
Build   dotnet build of OpenTofuOci.slnx.
Test    on Linux tests/run.sh (the CI test command); elsewhere dotnet test, then the Pester 5.9.1
        suite in tests/pester (Pester restored from NuGet) against the staged module.
Docs    external help from docs/en-US (PlatyPS markdown) into out/OpenTofuOci/en-US with
        src/OpenTofuOci.HelpCompiler: OpenTofuOci.dll-Help.xml (MAML) and about_*.help.txt.
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
$HelpStage = Join-Path $Stage 'en-US'
$HelpCompilerProject = Join-Path $Root 'src/OpenTofuOci.HelpCompiler/OpenTofuOci.HelpCompiler.csproj'
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
    # src/OpenTofuOci.HelpCompiler turns the PlatyPS markdown into MAML and about-topic text; it
    # fails (exit code 1, each problem as file:line: message) without writing anything when a page
    # breaks the schema or an exported cmdlet has no page.
    $arguments = @('run', '--project', $HelpCompilerProject, '--configuration', $Configuration)
    if ($NoBuild) { $arguments += '--no-build' }
    $arguments += @('--', '--source', $HelpSource, '--manifest', (Join-Path $Root 'OpenTofuOci.psd1'), '--output', $HelpStage)
    Invoke-Tool dotnet $arguments
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
        foreach ($required in 'OpenTofuOci.dll-Help.xml', 'about_OpenTofuOci.help.txt') {
            if (-not (Test-Path -LiteralPath (Join-Path $HelpStage $required))) {
                throw "Staging failed: en-US/$required is missing from $Stage."
            }
        }

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
