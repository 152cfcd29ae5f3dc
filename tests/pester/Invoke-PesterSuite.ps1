#Requires -Version 7.4
<#
.SYNOPSIS
Runs the Pester 5 tests in tests/pester against the staged module and prints one line
"Pester: N passed, N failed, N skipped" (tests/run.sh adds these to its own counts).

.DESCRIPTION
Pester 5.9.1 comes from NuGet (tests/pester/Pester.csproj downloads it; `dotnet restore` of that
project puts it in the NuGet global packages folder), so no PowerShell gallery is needed. A Pester
already imported or installed as a module is used when it is 5.x and the NuGet copy is missing.
Exits 0 only when every test passed and none failed in discovery.

.PARAMETER Path
Test files or directories; default: every *.Tests.ps1 in tests/pester.

.PARAMETER ResultFile
Also write the NUnit XML result there.
#>
[CmdletBinding()]
param(
    [string[]]$Path = @($PSScriptRoot),
    [string]$ResultFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Find-Pester {
    $version = '5.9.1'
    $folders = [System.Collections.Generic.List[string]]::new()
    if ($env:NUGET_PACKAGES) { $folders.Add($env:NUGET_PACKAGES) }
    $listed = & dotnet nuget locals global-packages --list 2>$null
    if ($LASTEXITCODE -eq 0 -and "$listed" -match 'global-packages:\s*(.+)$') { $folders.Add($Matches[1].Trim()) }
    $folders.Add((Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'))
    foreach ($folder in $folders) {
        $candidate = Join-Path $folder "pester/$version/tools/Pester.psd1"
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }

    $installed = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version.Major -eq 5 } |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }
    throw "Pester $version was not found in the NuGet packages folder; run: dotnet restore $(Join-Path $PSScriptRoot 'Pester.csproj')"
}

$pester = Find-Pester
Import-Module $pester -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.StackTraceVerbosity = 'Filtered'
if ($ResultFile) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $ResultFile
}

$result = Invoke-Pester -Configuration $config
# A file that fails in discovery (BeforeAll outside a test, a syntax error) counts as failed.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "Pester: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount + $result.NotRunCount) skipped"
exit ([int]($failed -gt 0 -or $result.Result -ne 'Passed'))
