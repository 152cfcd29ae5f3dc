#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Publish-TofuModule and Save-TofuModule end to end against OCI image-layout directories in TestDrive.
# Runs against the staged module (./build.ps1 -Task Package).

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $manifest = Join-Path $repoRoot 'out/OpenTofuOci/OpenTofuOci.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest; run ./build.ps1 -Task Package first."
    }

    Import-Module $manifest -Force -ErrorAction Stop

    function New-TestModule([string]$Path) {
        $null = New-Item -ItemType Directory -Path (Join-Path $Path 'modules/child') -Force
        $null = New-Item -ItemType Directory -Path (Join-Path $Path '.terraform') -Force
        Set-Content -LiteralPath (Join-Path $Path 'main.tf') -Value 'module "child" { source = "./modules/child" }' -NoNewline
        Set-Content -LiteralPath (Join-Path $Path 'modules/child/main.tf') -Value 'output "x" { value = 1 }' -NoNewline
        Set-Content -LiteralPath (Join-Path $Path 'dev.tfvars') -Value 'x = 1' -NoNewline
        Set-Content -LiteralPath (Join-Path $Path 'terraform.tfstate') -Value '{}' -NoNewline
        Set-Content -LiteralPath (Join-Path $Path '.terraform/junk') -Value 'x' -NoNewline
    }

    function Get-Tree([string]$Path) {
        $root = (Resolve-Path -LiteralPath $Path).ProviderPath
        Get-ChildItem -LiteralPath $root -Recurse -File | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f [System.IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/'), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
    }
}

Describe 'Module cmdlets' {
    BeforeAll {
        $script:Module = Join-Path $TestDrive 'vpc'
        New-TestModule -Path $script:Module
        $script:Layout = "oci-layout:$(Join-Path $TestDrive 'layout')"
    }

    It 'publishes a module and reports the pinned source' {
        $result = Publish-TofuModule -Path $script:Module -Repository $script:Layout -Tag '1.0.0', 'latest' -Exclude '*.tfvars'

        $result | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuModulePublishInfo'
        $result.Tags | Should -Be @('1.0.0', 'latest')
        $result.FileCount | Should -Be 2
        $result.Source | Should -Match '\?digest=sha256:[0-9a-f]{64}$'
        $result.Source | Should -BeLike "$($script:Layout)*"
    }

    It 'gives the same digest when the same files are published again' {
        $first = Publish-TofuModule -Path $script:Module -Repository $script:Layout -Exclude '*.tfvars'
        $second = Publish-TofuModule -LiteralPath $script:Module -Repository $script:Layout -Exclude '*.tfvars'
        $second.Digest | Should -Be $first.Digest
    }

    It 'pipes into Save-TofuModule and saves the same files' {
        $destination = Join-Path $TestDrive 'saved'
        $saved = Publish-TofuModule $script:Module -Repository $script:Layout | Save-TofuModule -Destination $destination -PassThru

        $saved | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuModuleSaveInfo'
        $saved.FileCount | Should -Be 3
        $expected = Get-Tree $script:Module | Where-Object { $_ -notmatch '^(\.terraform/|terraform\.tfstate )' }
        Get-Tree $destination | Should -Be $expected
    }

    It 'saves only the //subdir' {
        $destination = Join-Path $TestDrive 'child'
        $saved = Save-TofuModule -Source "$($script:Layout)//modules/child?tag=1.0.0" -Destination $destination -PassThru
        $saved.Subdir | Should -Be 'modules/child'
        (Get-ChildItem -LiteralPath $destination -Name) | Should -Be 'main.tf'
    }

    It 'writes nothing without -PassThru, as Save-PSResource' {
        $destination = Join-Path $TestDrive 'quiet-save'
        Save-TofuModule -Source "$($script:Layout)?tag=1.0.0" -Destination $destination -ErrorAction Stop | Should -BeNullOrEmpty
        Test-Path -LiteralPath $destination | Should -BeTrue
    }

    It 'refuses a non-empty destination without -Force and replaces it with -Force' {
        $destination = Join-Path $TestDrive 'busy'
        $null = New-Item -ItemType Directory -Path $destination
        Set-Content -LiteralPath (Join-Path $destination 'keep.tf') -Value 'keep'

        Save-TofuModule -Source "$($script:Layout)?tag=1.0.0" -Destination $destination -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DestinationExists*'
        (Get-ChildItem -LiteralPath $destination -Name) | Should -Be 'keep.tf'

        Save-TofuModule -Source "$($script:Layout)?tag=1.0.0" -Destination $destination -Force | Out-Null
        Test-Path -LiteralPath (Join-Path $destination 'keep.tf') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $destination 'main.tf') | Should -BeTrue
    }

    It 'reports OpenTofu''s address rules with stable ids' {
        Save-TofuModule -Source 'oci://example.com/m?tag=a&digest=sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac' `
            -Destination (Join-Path $TestDrive 'x') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidModuleAddress*'
        $err[0].Exception.Message | Should -BeLike '*cannot set both "tag" and "digest" arguments*'
        Test-Path -LiteralPath (Join-Path $TestDrive 'x') | Should -BeFalse
    }

    It 'does nothing with -WhatIf' {
        $layout = "oci-layout:$(Join-Path $TestDrive 'whatif')"
        Publish-TofuModule -Path $script:Module -Repository $layout -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $TestDrive 'whatif/index.json') | Should -BeFalse
        Save-TofuModule -Source "$($script:Layout)" -Destination (Join-Path $TestDrive 'nowhere') -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $TestDrive 'nowhere') | Should -BeFalse
    }
}
