#Requires -Version 7.0
<#
.SYNOPSIS
The PowerShell part of the benchmark (issue #14): the cmdlets against the native tofu-oci in one warm
session, and the time Import-Module takes.

.DESCRIPTION
Started by run.sh (unless BENCH_PWSH=0) with the docker-registry it started, the tofu-oci it built and
the packages it seeded; see README.md here. In this one session, after warm-up rounds until the JIT
is nearly done, every round runs per package: Install-TofuProvider and the native
`tofu-oci provider install` of the same package, then Publish-TofuProvider and the native
`tofu-oci provider publish` of the same release (each into a fresh destination / repository; which
side goes first alternates; each waits for the JIT to go quiet). Then Import-Module in fresh pwsh
processes. Writes markdown to -Output.

.EXAMPLE
dotnet pwsh -NoProfile -File tests/benchmarks/pwsh-bench.ps1 -Registry 127.0.0.1:5000 -Cli ./cli/tofu-oci `
    -Module ./out/OpenTofuOci/OpenTofuOci.psd1 -Packages packages.json -Work ./pwsh -Runs 5 -Output pwsh.md
#>
[CmdletBinding()]
param(
    # host:port of the plain-HTTP registry holding the packages.
    [Parameter(Mandatory)][string]$Registry,

    # The tofu-oci to compare with: the native executable, or tofu-oci.dll of a framework-dependent build.
    [Parameter(Mandatory)][string]$Cli,

    # The staged module's manifest (out/OpenTofuOci/OpenTofuOci.psd1 after build.ps1 -Task Package).
    [Parameter(Mandatory)][string]$Module,

    # JSON array of {name, label, address, repository, platform, release}: the package to install from
    # repository as address, and the release directory (zips, no SHA256SUMS) to publish.
    [Parameter(Mandatory)][string]$Packages,

    # A directory for the installs (created; emptied after every run).
    [Parameter(Mandatory)][string]$Work,

    [ValidateRange(1, 1000)][int]$Runs = 5,

    # Where the markdown goes.
    [Parameter(Mandatory)][string]$Output
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# Neither side draws progress: the native CLI draws none without a terminal, and the host's
# rendering of Write-Progress is not what is measured.
$ProgressPreference = 'SilentlyContinue'

$packageList = @(Get-Content -Raw -LiteralPath $Packages | ConvertFrom-Json)
$null = New-Item -ItemType Directory -Force -Path $Work
$Work = (Resolve-Path -LiteralPath $Work).Path

function Invoke-Native {
    param([string[]]$Arguments)
    # Standard output is collected (a few lines), standard error goes to this process's.
    $out = if ($Cli.EndsWith('.dll')) { & dotnet $Cli @Arguments } else { & $Cli @Arguments }
    if ($LASTEXITCODE -ne 0) {
        throw "tofu-oci $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $($out -join "`n")"
    }
}

function Measure-Milliseconds {
    param([scriptblock]$Action)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $Action
    $watch.Stop()
    $watch.Elapsed.TotalMilliseconds
}

function Get-Median {
    param([double[]]$Values)
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return [double]::NaN }
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function New-FreshDirectory {
    Join-Path $Work ('fresh-' + [guid]::NewGuid().ToString('n'))
}

function Assert-Installed {
    param([string]$Destination, [string]$What)
    if (-not (Test-Path -LiteralPath $Destination) -or
        @(Get-ChildItem -LiteralPath $Destination -Recurse -File).Count -eq 0) {
        throw "$What installed nothing into $Destination"
    }
}

$times = [ordered]@{}
function Add-Time {
    param([string]$Key, [double]$Milliseconds)
    if (-not $times.Contains($Key)) { $times[$Key] = [System.Collections.Generic.List[double]]::new() }
    $times[$Key].Add($Milliseconds)
}

Import-Module -Name $Module -Force
$moduleInfo = Get-Module -Name OpenTofuOci
$repositoryNumber = 0

# The JIT compiles in the background: a method called often enough is compiled again, optimised, on
# another thread a little later. A measurement taken while that runs shares the second core with it,
# and in a round where the native command always followed a cmdlet, the native paid for the cmdlet's
# recompilation (about 40 ms on a 120 MiB install). So: warm-up rounds until a round compiles fewer than
# 100 methods (a warm session still compiles a few dozen per round, PowerShell's own included), a wait for the JIT to go quiet before every measured operation, and the order of cmdlet and
# native alternating from round to round.
function Get-JitCount { [System.Runtime.JitInfo]::GetCompiledMethodCount($false) }
function Wait-JitQuiet {
    $last = Get-JitCount
    for ($i = 0; $i -lt 40; $i++) {
        Start-Sleep -Milliseconds 50
        $now = Get-JitCount
        if ($now -eq $last -and $i -ge 2) { return }
        $last = $now
    }
}

function Invoke-Install {
    param($Package, [string]$Phase, [string]$Side)
    $destination = New-FreshDirectory
    Wait-JitQuiet
    if ($Side -eq 'cmdlet') {
        $ms = Measure-Milliseconds {
            Install-TofuProvider -Source $Package.address -Repository $Package.repository -Platform $Package.platform `
                -Destination $destination -PlainHttp -ErrorAction Stop
        }
    }
    else {
        $ms = Measure-Milliseconds {
            Invoke-Native @('provider', 'install', $Package.address, '--repository', $Package.repository,
                '--platform', $Package.platform, '--destination', $destination, '--plain-http')
        }
    }
    Assert-Installed $destination "$Side install"
    Remove-Item -LiteralPath $destination -Recurse -Force
    Add-Time "$Phase|$($Package.name)|install|$Side" $ms
}

function Invoke-Publish {
    param($Package, [string]$Phase, [string]$Side)
    $script:repositoryNumber++
    $repository = "$Registry/pwsh/$Side-$($Package.name)-$script:repositoryNumber"
    Wait-JitQuiet
    if ($Side -eq 'cmdlet') {
        $ms = Measure-Milliseconds {
            $null = Publish-TofuProvider -LiteralPath $Package.release -Repository $repository -PlainHttp -ErrorAction Stop
        }
    }
    else {
        $ms = Measure-Milliseconds {
            Invoke-Native @('provider', 'publish', $Package.release, '--repository', $repository, '--plain-http')
        }
    }
    Add-Time "$Phase|$($Package.name)|publish|$Side" $ms
}

function Invoke-Round {
    param([string]$Phase, [int]$Number)
    $sides = if ($Number % 2) { 'native', 'cmdlet' } else { 'cmdlet', 'native' }
    foreach ($package in $packageList) {
        foreach ($side in $sides) { Invoke-Install $package $Phase $side }
        foreach ($side in $sides) { Invoke-Publish $package $Phase $side }
    }
}

$warmRounds = 0
$jitBefore = Get-JitCount
do {
    $warmRounds++
    Write-Host "pwsh-bench: warm-up round $warmRounds"
    $before = Get-JitCount
    Invoke-Round 'warm' 0
    Wait-JitQuiet
    $compiled = (Get-JitCount) - $before
} while ($compiled -ge 100 -and $warmRounds -lt 8)
$jitWarm = Get-JitCount
for ($i = 1; $i -le $Runs; $i++) {
    Write-Host "pwsh-bench: round $i/$Runs"
    Invoke-Round 'timed' $i
}
$jitTimed = (Get-JitCount) - $jitWarm

# Import-Module in fresh processes of this same PowerShell: `dotnet pwsh` runs pwsh.dll on the dotnet
# host, so start exactly that again (without the `dotnet pwsh` tool lookup, which is not PowerShell's cost).
$hostPath = [Environment]::ProcessPath
$hostArguments = @()
if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
    $hostArguments = @([Environment]::GetCommandLineArgs()[0])
}
$quotedModule = "'" + $Module.Replace("'", "''") + "'"
$importAlone = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module -Name $quotedModule; `$w.Stop(); " +
    "`$w.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture)"
$importRuns = [Math]::Max(5, $Runs)
$importMs = [System.Collections.Generic.List[double]]::new()
$importWallMs = [System.Collections.Generic.List[double]]::new()
$emptyWallMs = [System.Collections.Generic.List[double]]::new()
function Invoke-Host {
    param([string]$Command)
    $out = & $hostPath @hostArguments -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command $Command failed with exit code ${LASTEXITCODE}: $out" }
    $out
}
Write-Host 'pwsh-bench: Import-Module'
$null = Invoke-Host '$null'   # warm the page cache for the host's files, not counted
for ($i = 1; $i -le $importRuns; $i++) {
    $importMs.Add([double]::Parse((@(Invoke-Host $importAlone))[-1], [Globalization.CultureInfo]::InvariantCulture))
    $importWallMs.Add((Measure-Milliseconds { $null = Invoke-Host "Import-Module -Name $quotedModule" }))
    $emptyWallMs.Add((Measure-Milliseconds { $null = Invoke-Host '$null' }))
}

# ---------------------------------------------------------------- report
function Format-Seconds { param([double]$Milliseconds) ($Milliseconds / 1000).ToString('0.000', [Globalization.CultureInfo]::InvariantCulture) }
function Format-Ratio { param([double]$Value) $Value.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) + '×' }
function Format-Runs { param($Values) ($Values | ForEach-Object { [Math]::Round($_) }) -join ' ' }

$lines = [System.Collections.Generic.List[string]]::new()
$cliText = if ($Cli.EndsWith('.dll')) { "the framework-dependent ``$Cli``" } else { "the native ``$Cli``" }
$lines.Add('### PowerShell: the cmdlets vs the native CLI in one warm session')
$lines.Add('')
$lines.Add("PowerShell $($PSVersionTable.PSVersion) on .NET $([Environment]::Version), module OpenTofuOci $($moduleInfo.Version) " +
    "(``$Module``), against $cliText. Warm-up rounds until a round compiled fewer than 100 methods ($warmRounds here, at most 8; the " +
    "first round's times are the first calls of the session, JIT included), then $Runs rounds, each per package: " +
    "``Install-TofuProvider`` and ``tofu-oci provider install``, then ``Publish-TofuProvider`` and ``tofu-oci provider publish`` " +
    "(release without SHA256SUMS), cmdlet first in even rounds and native first in odd ones, each into a fresh destination / " +
    "repository, each after the session's JIT has gone quiet ($jitTimed methods compiled during the timed rounds). Wall time " +
    'by a Stopwatch in the session; the native times include starting the process. No progress is drawn on either side. ' +
    'The native commands are the ones the install and publish rows above run from bash, so their medians there tell ' +
    'what starting them from PowerShell adds.')
$lines.Add('')
$lines.Add('| operation | cmdlet (s) | native (s) | cmdlet / native | cmdlet ≤ 1.2× native | native ≤ 1.0× cmdlet | first call: cmdlet / native (s) |')
$lines.Add('|---|---:|---:|---:|---|---|---:|')
$runLines = [System.Collections.Generic.List[string]]::new()
foreach ($package in $packageList) {
    foreach ($operation in 'install', 'publish') {
        $key = "$($package.name)|$operation"
        $cmdlet = Get-Median $times["timed|$key|cmdlet"]
        $native = Get-Median $times["timed|$key|native"]
        $ratio = $cmdlet / $native
        $withinCmdlet = if ($ratio -le 1.2) { 'met' } else { '**not met**' }
        $nativeFaster = if ($native -le $cmdlet) { 'met' } else { "**not met** ($(Format-Ratio ($native / $cmdlet)))" }
        $first = "$(Format-Seconds $times["warm|$key|cmdlet"][0]) / $(Format-Seconds $times["warm|$key|native"][0])"
        $verb = if ($operation -eq 'install') { 'Install-TofuProvider' } else { 'Publish-TofuProvider' }
        $lines.Add("| $verb, $($package.label) | $(Format-Seconds $cmdlet) | $(Format-Seconds $native) | $(Format-Ratio $ratio) | $withinCmdlet | $nativeFaster | $first |")
        $runLines.Add("- $operation $($package.name): $(Format-Runs $times["timed|$key|cmdlet"]) / $(Format-Runs $times["timed|$key|native"])")
    }
}
$importMedian = Get-Median $importMs
$importWall = Get-Median $importWallMs
$emptyWall = Get-Median $emptyWallMs
$lines.Add('')
$lines.Add("Import-Module, median of $importRuns fresh ``pwsh -NoProfile`` processes each: **$(Format-Seconds $importMedian) s** for " +
    "``Import-Module`` alone (Stopwatch inside the process); ``pwsh -c 'Import-Module …'`` $(Format-Seconds $importWall) s " +
    "against ``pwsh -c '`$null'`` $(Format-Seconds $emptyWall) s (+$(Format-Seconds ($importWall - $emptyWall)) s). " +
    "(pwsh started as ``$hostPath $($hostArguments -join ' ')``.)")
$lines.Add('')
$lines.Add('Individual runs (ms), cmdlet / native:')
$lines.Add('')
foreach ($line in $runLines) { $lines.Add($line) }
$lines.Add("- Import-Module alone: $(Format-Runs $importMs); pwsh -c Import-Module: $(Format-Runs $importWallMs); pwsh -c `$null: $(Format-Runs $emptyWallMs)")

Set-Content -LiteralPath $Output -Value $lines -Encoding utf8NoBOM
