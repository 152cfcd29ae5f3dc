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
        $second.Status | Should -Be 'Unchanged'
        $second.BytesUploaded | Should -Be 0
    }

    It 'pipes into Save-TofuModule and saves the same files' {
        $destination = Join-Path $TestDrive 'saved'
        $saved = Publish-TofuModule $script:Module -Repository $script:Layout -Tag 'piped' | Save-TofuModule -Destination $destination -PassThru

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

Describe 'Publish-TofuModule onto existing tags' {
    BeforeEach {
        $script:Source = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:Source
        Set-Content -LiteralPath (Join-Path $script:Source 'main.tf') -Value 'output "v" { value = 1 }' -NoNewline
        $script:Dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:Repo = "oci-layout:$script:Dir"
        $script:First = Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.0.0' -ErrorAction Stop
        Set-Content -LiteralPath (Join-Path $script:Source 'main.tf') -Value 'output "v" { value = 2 }' -NoNewline

        function Get-TagDigest([string]$Tag) {
            $index = Get-Content -LiteralPath (Join-Path $script:Dir 'index.json') -Raw | ConvertFrom-Json
            foreach ($m in $index.manifests) {
                if ($m.annotations.'org.opencontainers.image.ref.name' -eq $Tag) { $m.digest }
            }
        }
    }

    It 'refuses to move a tag to other content without -Force, naming both digests and -Force' {
        Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.0.0' -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ModuleTagExists,OpenTofuOci.PowerShell.Commands.PublishTofuModuleCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        # The record names the input (the module directory given); the message names the tag.
        $err[0].TargetObject | Should -Be $script:Source
        "$($err[0])" | Should -Match ([regex]::Escape("$($script:Repo) already has tag 1.0.0"))
        $message = $err[0].Exception.Message
        $message | Should -BeLike "*tag 1.0.0 → $($script:First.Digest)*"
        $message | Should -Match 'this module package \(sha256:[0-9a-f]{64}\)'
        $message | Should -BeLike '*move it deliberately with -Force.'
        $message | Should -Not -BeLike '*--force*'
        Get-TagDigest '1.0.0' | Should -Be $script:First.Digest
    }

    It 'writes no tag at all when one of several tags conflicts' {
        Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '2.0.0', '1.0.0' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].FullyQualifiedErrorId | Should -BeLike 'ModuleTagExists,*'
        Get-TagDigest '2.0.0' | Should -BeNullOrEmpty
        Get-TagDigest '1.0.0' | Should -Be $script:First.Digest
    }

    It 'moves the tag with -Force and reports it replaced' {
        $moved = Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.0.0' -Force

        $moved.Status | Should -Be 'Replaced'
        $moved.ReplacedTags | Should -Be @('1.0.0')
        $moved.Digest | Should -Not -Be $script:First.Digest
        Get-TagDigest '1.0.0' | Should -Be $moved.Digest
    }

    It 'leaves identical content alone: Unchanged, nothing uploaded' {
        $again = Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.0.0', '1.1.0' -Force
        $same = Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.1.0', '1.0.0'

        $again.Status | Should -Be 'Replaced'
        $same.Status | Should -Be 'Unchanged'
        $same.BytesUploaded | Should -Be 0
        $same.Digest | Should -Be $again.Digest
    }

    It 'changes nothing with -Force -WhatIf' {
        Publish-TofuModule -Path $script:Source -Repository $script:Repo -Tag '1.0.0' -Force -WhatIf | Should -BeNullOrEmpty
        Get-TagDigest '1.0.0' | Should -Be $script:First.Digest
    }
}
