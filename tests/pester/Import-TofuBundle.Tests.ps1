#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Issue 13's bundle "done when" in the cmdlets: Export-TofuBundle from one real docker-registry, Test-TofuBundle,
# Import-TofuBundle into a fresh one, then Install-TofuProvider through the written CLI configuration (hashes equal
# the written lock file) and Save-TofuModule of the rewritten source. Runs against the staged module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule

    $script:Source = Start-TestRegistry -Mode Plain
    $script:Internal = Start-TestRegistry -Mode Plain
    $release = New-TestRelease -Path (Join-Path $TestDrive 'release') -Version '1.0.0' -Platform linux_amd64, windows_amd64
    $null = Publish-TofuProvider -Path $release.FullName -Repository "$($script:Source.Address)/mirror/example.com/acme/hello" -PlainHttp
    $module = Join-Path $TestDrive 'net'
    $null = New-Item -ItemType Directory -Path $module -Force
    Set-Content -LiteralPath (Join-Path $module 'main.tf') -Value 'output "x" { value = 1 }' -NoNewline
    $null = Publish-TofuModule -Path $module -Repository "$($script:Source.Address)/modules/net" -Tag '1.0.0' -PlainHttp

    $script:Config = Join-Path $TestDrive 'config'
    $null = New-Item -ItemType Directory -Path $script:Config -Force
    Set-Content -LiteralPath (Join-Path $script:Config 'main.tf') -NoNewline -Value @"
terraform {
  required_providers {
    hello = { source = "example.com/acme/hello" }
  }
}

module "net" {
  source = "oci://$($script:Source.Address)/modules/net?tag=1.0.0"
}
"@
    $script:Tar = Join-Path $TestDrive 'bundle.tar'
    $null = Export-TofuBundle $script:Config -Platform linux_amd64, windows_amd64 -OutputPath $script:Tar -PlainHttp `
        -RepositoryTemplate "$($script:Source.Address)/mirror/`${hostname}/`${namespace}/`${type}"
}

AfterAll {
    [Environment]::SetEnvironmentVariable('TF_CLI_CONFIG_FILE', $null)
    Stop-TestRegistry
}

Describe 'Import-TofuBundle and Test-TofuBundle' {
    It 'passes a healthy bundle and finds a tampered one with its rule' {
        Test-TofuBundle $script:Tar -Quiet | Should -BeTrue

        $copy = Join-Path $TestDrive 'tampered'
        $null = New-Item -ItemType Directory -Path $copy -Force
        tar -xf $script:Tar -C $copy
        # A provider zip: the blob that starts with the zip signature and holds the provider's executable name.
        $zip = Get-ChildItem (Join-Path $copy 'blobs/sha256') | Where-Object {
            $b = [System.IO.File]::ReadAllBytes($_.FullName); $b[0] -eq 0x50 -and $b[1] -eq 0x4b -and [System.Text.Encoding]::ASCII.GetString($b).Contains('terraform-provider-hello') } | Select-Object -First 1
        $bytes = [System.IO.File]::ReadAllBytes($zip.FullName)
        $bytes[20] = $bytes[20] -bxor 1
        [System.IO.File]::WriteAllBytes($zip.FullName, $bytes)

        $findings = Test-TofuBundle $copy -ErrorVariable failed -ErrorAction SilentlyContinue

        $findings.Rule | Should -Contain 'BlobDigestMismatch'
        $failed[-1].FullyQualifiedErrorId | Should -BeLike 'BundleVerificationFailed*'
    }

    It 'imports into a fresh registry from which the provider installs through the written configuration and the module saves at its new address' {
        $prefix = "$($script:Internal.Address)/p$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $rc = Join-Path $TestDrive 'tofurc'
        $lock = Join-Path $TestDrive 'bundle.lock.hcl'

        $result = Import-TofuBundle $script:Tar -RepositoryTemplate "$prefix/`${namespace}/`${type}" -ModulePrefix "$prefix/modules" -PlainHttp `
            -TofurcPath $rc -LockFile $lock -ConfigurationPath $script:Config -WarningVariable warnings -WarningAction SilentlyContinue

        $result | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuBundleImportInfo'
        $result.Imported | Should -Be 2
        $warnings | Should -Not -BeNullOrEmpty
        $newSource = "oci://$prefix/modules/modules/net?tag=1.0.0"
        Get-Content -Raw -LiteralPath (Join-Path $script:Config 'main.tf') | Should -BeLike "*source = `"$newSource`"*"

        [Environment]::SetEnvironmentVariable('TF_CLI_CONFIG_FILE', $rc)
        $installed = Install-TofuProvider example.com/acme/hello -Platform linux_amd64, windows_amd64 -Destination (Join-Path $TestDrive 'plugins') -PlainHttp -PassThru
        $locked = Get-Content -Raw -LiteralPath $lock
        $installed | Should -HaveCount 2
        foreach ($package in $installed) {
            $locked | Should -BeLike "*$($package.H1)*"
            $locked | Should -BeLike "*$($package.Zh)*"
        }

        Save-TofuModule -Source $newSource -Destination (Join-Path $TestDrive 'saved') -PlainHttp
        Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'saved/main.tf') | Should -Be 'output "x" { value = 1 }'
    }

    It 'refuses a hostile tar with InvalidBundle and pushes nothing' {
        $dir = Join-Path $TestDrive 'hostile'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'oci-layout') -Target '/etc/passwd'
        tar -cf (Join-Path $TestDrive 'hostile.tar') -C $dir oci-layout

        Import-TofuBundle (Join-Path $TestDrive 'hostile.tar') -RepositoryTemplate "$($script:Internal.Address)/h/`${namespace}/`${type}" -PlainHttp `
            -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidBundle*'
    }
}
