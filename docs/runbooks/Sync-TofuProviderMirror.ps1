#Requires -Version 7.4
#Requires -Modules OpenTofuOci
<#
.SYNOPSIS
Refreshes an internal OpenTofu provider mirror from upstream OCI repositories, then installs the
providers for every platform the team builds on and records their hashes in a lock file.

.DESCRIPTION
A runbook for a scheduled job (Azure Automation, a CI pipeline, a cron'd pwsh). For each provider:

1. lists the version tags of its upstream repository (Get-TofuOciTag -VersionOnly);
2. lists what the internal mirror already has, and copies every upstream version it lacks, byte for
   byte (Get-TofuOciTag | Publish-TofuProvider): the copies have the upstream digests, and the
   upstream login travels with the piped tags;
3. installs the newest version the constraint allows from the internal mirror, mapped the way the
   team's `oci_mirror` block maps it (`<Mirror>/${namespace}/${type}`), for every -Platform, into
   -Destination, and records h1: and zh: hashes for all of them in -LockFile.

It is safe to run again: versions already in the mirror are not copied, identical packages already
installed are left alone. -WhatIf shows what would be copied and installed without changing
anything. Errors stop the run (ErrorActionPreference Stop), with the error's id and target intact.

.PARAMETER Provider
One hashtable per provider: Source (the provider address, e.g. 'hashicorp/aws'), Upstream (its
upstream repository, host/path), and optionally Version (a constraint for the install, default: the
newest) and Tags (tag name patterns to copy, default: every version).

.PARAMETER Mirror
The internal registry and path under which providers live as ${namespace}/${type}, e.g.
'registry.corp.example/tofu'. The same value as in the team's oci_mirror repository_template.

.EXAMPLE
$providers = @(
    @{ Source = 'hashicorp/aws'; Upstream = 'ghcr.io/acme/tofu-mirror/hashicorp/aws'; Version = '~> 5.80'; Tags = '5.*' }
    @{ Source = 'hashicorp/random'; Upstream = 'ghcr.io/acme/tofu-mirror/hashicorp/random' }
)
./Sync-TofuProviderMirror.ps1 -Provider $providers -Mirror registry.corp.example/tofu `
    -Platform linux_amd64, windows_amd64 -Destination ./providers -LockFile ./.terraform.lock.hcl `
    -UpstreamCredential (Get-Secret ghcr) -MirrorCredential (Get-Secret corp-registry)
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [hashtable[]]$Provider,

    [Parameter(Mandatory)]
    [string]$Mirror,

    [string[]]$Platform = @('linux_amd64', 'windows_amd64'),

    [string]$Destination = './providers',

    [string]$LockFile = './.terraform.lock.hcl',

    [pscredential]$UpstreamCredential,

    [pscredential]$MirrorCredential,

    # For test registries only: reach the registries over plain HTTP.
    [switch]$PlainHttp
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Registry parameters shared by every call on one side; empty entries are left out.
$upstreamAccess = @{ PlainHttp = $PlainHttp }
if ($UpstreamCredential) { $upstreamAccess.Credential = $UpstreamCredential }
$mirrorAccess = @{ PlainHttp = $PlainHttp }
if ($MirrorCredential) { $mirrorAccess.Credential = $MirrorCredential }
$template = "$Mirror/`${namespace}/`${type}"

foreach ($entry in $Provider) {
    $source = $entry.Source
    $parts = $source.Split('/')
    $mirrorRepository = "$Mirror/$($parts[-2])/$($parts[-1])"

    # What the mirror has; a repository that does not exist yet has nothing.
    $have = @(Get-TofuOciTag -Repository $mirrorRepository -VersionOnly @mirrorAccess -ErrorAction SilentlyContinue -ErrorVariable missingRepository)
    if ($missingRepository | Where-Object { $_.FullyQualifiedErrorId -notlike 'NotFound,*' }) {
        throw $missingRepository[0]
    }

    $names = if ($entry.ContainsKey('Tags')) { @($entry.Tags) } else { @('*') }
    $upstream = @(Get-TofuOciTag -Repository $entry.Upstream -VersionOnly -Name $names @upstreamAccess)
    $haveTags = @($have | ForEach-Object Tag)
    $missing = @($upstream | Where-Object { $_.Tag -notin $haveTags })
    Write-Verbose "$source`: upstream has $($upstream.Count) version(s), the mirror $($have.Count); copying $($missing.Count)."

    $copied = @($missing | Publish-TofuProvider -Repository $mirrorRepository @mirrorAccess)

    $install = @{
        Source             = $source
        RepositoryTemplate = $template
        Platform           = $Platform
        Destination        = $Destination
        LockFile           = $LockFile
    }
    if ($entry.ContainsKey('Version')) { $install.Version = $entry.Version }
    $installed = @(Install-TofuProvider @install @mirrorAccess -PassThru)

    [pscustomobject]@{
        Source    = $source
        Mirror    = $mirrorRepository
        Copied    = @($copied | ForEach-Object Version)
        Installed = @($installed | ForEach-Object Version | Select-Object -Unique)
        Platforms = @($installed | ForEach-Object Platform)
        Statuses  = @($installed | ForEach-Object Status)
    }
}
