#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Export-TofuBundle end to end (issue 13): a real docker-registry mirror holding two providers published with
# Publish-TofuProvider and a module published with Publish-TofuModule; a root module on disk with a lock file.
# The cmdlet must write the same bundle (same digest, same tar bytes) as tofu-oci bundle export.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule

    $script:Registry = Start-TestRegistry -Mode Plain
    $reg = $script:Registry.Address
    $platforms = 'darwin_arm64', 'linux_amd64', 'windows_amd64'
    foreach ($release in @(@{ T = 'hello'; V = '1.0.0' }, @{ T = 'hello'; V = '1.1.0' }, @{ T = 'world'; V = '1.0.0' })) {
        $dir = New-TestRelease -Path (Join-Path $TestDrive "rel/$($release.T)/$($release.V)") -Type $release.T -Version $release.V -Platform $platforms
        $null = Publish-TofuProvider -Path $dir.FullName -Repository "$reg/mirror/example.com/acme/$($release.T)" -PlainHttp
    }

    $module = Join-Path $TestDrive 'module-src'
    $null = New-Item -ItemType Directory -Path $module
    Set-Content -LiteralPath (Join-Path $module 'main.tf') -Value 'variable "name" {}'
    $null = Publish-TofuModule -Path $module -Repository "$reg/modules/net" -Tag '1.0.0' -PlainHttp

    $script:Config = Join-Path $TestDrive 'config'
    $null = New-Item -ItemType Directory -Path $script:Config
    Set-Content -LiteralPath (Join-Path $script:Config 'versions.tf') -Value @'
terraform {
  required_providers {
    hello = { source = "example.com/acme/hello", version = ">= 1.0" }
    world = { source = "example.com/acme/world" }
  }
}
'@
    Set-Content -LiteralPath (Join-Path $script:Config 'main.tf') -Value "module `"net`" {`n  source = `"oci://$reg/modules/net?tag=1.0.0`"`n}"
    Set-Content -LiteralPath (Join-Path $script:Config '.terraform.lock.hcl') -Value @'
provider "example.com/acme/hello" {
  version = "1.0.0"
}
'@
    $script:Template = "$reg/mirror/`${hostname}/`${namespace}/`${type}"

    # tofu-oci from the same build (the managed net10.0 build).
    $script:Cli = Get-ChildItem -Path (Join-Path (Get-RepositoryRoot) 'src/OpenTofuOci.Cli/bin') -Recurse -Filter 'tofu-oci.dll' |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Export-TofuBundle' {
    It 'writes the same bundle as tofu-oci bundle export, with the pinned and newest versions and the module' {
        $out = Join-Path $TestDrive 'ps/bundle.tar'

        $result = Export-TofuBundle -Path $script:Config -Platform linux_amd64, windows_amd64 -RepositoryTemplate $script:Template -PlainHttp -OutputPath $out

        $result | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuBundleExportInfo'
        $result.Path | Should -Be $out
        $result.IsArchive | Should -BeTrue
        $result.Providers | Should -Be @('example.com/acme/hello 1.0.0', 'example.com/acme/world 1.0.0')
        $result.Platforms | Should -Be @('linux_amd64', 'windows_amd64')
        $result.Modules | Should -Be @("oci://$($script:Registry.Address)/modules/net?tag=1.0.0")
        $result.Bytes | Should -Be (Get-Item -LiteralPath $out).Length
        $result.BundleDigest | Should -Match '^sha256:[0-9a-f]{64}$'

        $script:Cli | Should -Not -BeNullOrEmpty
        $cliOut = Join-Path $TestDrive 'cli/bundle.tar'
        $json = & dotnet exec --roll-forward Major $script:Cli.FullName bundle export $script:Config --platform linux_amd64 --platform windows_amd64 `
            --template $script:Template --plain-http --output $cliOut --json
        $LASTEXITCODE | Should -Be 0
        ($json | ConvertFrom-Json).bundleDigest | Should -Be $result.BundleDigest
        (Get-FileHash -LiteralPath $cliOut).Hash | Should -Be (Get-FileHash -LiteralPath $out).Hash
    }

    It '-WhatIf reads the configuration but writes nothing' {
        $out = Join-Path $TestDrive 'whatif/bundle.tar'

        $result = Export-TofuBundle -Path $script:Config -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -OutputPath $out -WhatIf

        $result | Should -BeNullOrEmpty
        Join-Path $TestDrive 'whatif' | Should -Not -Exist
    }

    It 'reports each provider that lacks a platform with PlatformNotSupported, then BundleIncomplete, and writes nothing' {
        $out = Join-Path $TestDrive 'fail/bundle'

        $result = Export-TofuBundle -Path $script:Config -Platform freebsd_amd64 -RepositoryTemplate $script:Template -PlainHttp -OutputPath $out `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Should -Be @('PlatformNotSupported', 'PlatformNotSupported', 'BundleIncomplete')
        Join-Path $TestDrive 'fail' | Should -Not -Exist
    }

    It 'refuses an existing output with DestinationExists unless -Force' {
        $out = Join-Path $TestDrive 'exists.tar'
        Set-Content -LiteralPath $out -Value 'keep'

        { Export-TofuBundle -Path $script:Config -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -OutputPath $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'DestinationExists,OpenTofuOci.PowerShell.Commands.ExportTofuBundleCommand'
        Get-Content -LiteralPath $out | Should -Be 'keep'

        $forced = Export-TofuBundle -Path $script:Config -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -OutputPath $out -Force
        $forced.Bytes | Should -Be (Get-Item -LiteralPath $out).Length
    }
}
