#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Publish-TofuProvider, Get-TofuProviderVersion, Install-TofuProvider and Update-TofuLockFile end to
# end against OCI image-layout directories in TestDrive: a release is built here, published, listed,
# installed, locked and copied. Runs against the staged module (./build.ps1 -Task Package).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
}

Describe 'Provider cmdlets' {
    BeforeAll {
        $script:Dist = Join-Path $TestDrive 'dist'
        New-TestRelease -Path $script:Dist -Version '1.0.0' -Platform 'linux_amd64', 'windows_amd64'
        # Published here, not in a Context: TestDrive files made inside a Context are removed when it ends.
        $script:Mirror = Get-LayoutRepository (Join-Path $TestDrive 'mirror')
        $null = Publish-TofuProvider -Path $script:Dist -Repository $script:Mirror -ErrorAction Stop
    }

    Context 'Publish-TofuProvider from files' {
        It 'publishes the release as one version and reports it' {
            $fresh = Get-LayoutRepository (Join-Path $TestDrive 'fresh')
            $result = Publish-TofuProvider -Path $script:Dist -Repository $fresh

            $result | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuProviderPublishInfo'
            $result.Repository | Should -Be $fresh
            $result.Tag | Should -Be '1.0.0'
            $result.Version | Should -Be '1.0.0'
            $result.Type | Should -Be 'hello'
            $result.Status | Should -Be 'Published'
            $result.Platforms | Should -Be @('linux_amd64', 'windows_amd64')
            $result.Digest | Should -Match '^sha256:[0-9a-f]{64}$'
            # Two zips and the config blob sent, none found there.
            $result.BlobsUploaded | Should -Be 3
            $result.BlobsSkipped | Should -Be 0
            $result.BytesUploaded | Should -BeGreaterThan ((Get-ChildItem -LiteralPath $script:Dist -Filter '*.zip' | Measure-Object -Property Length -Sum).Sum)
            Test-Path -LiteralPath (Join-Path $TestDrive 'fresh/index.json') | Should -BeTrue
        }

        It 'leaves an identical version alone' {
            $again = Publish-TofuProvider -Path $script:Dist -Repository $script:Mirror
            $again.Status | Should -Be 'Unchanged'
            $again.BytesUploaded | Should -Be 0
            $again.BlobsUploaded | Should -Be 0
            $again.BlobsSkipped | Should -Be 3
        }

        It 'publishes nothing with -WhatIf' {
            $other = Join-Path $TestDrive 'whatif-mirror'
            Publish-TofuProvider -Path $script:Dist -Repository (Get-LayoutRepository $other) -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path $other 'index.json') | Should -BeFalse
        }

        It 'takes files piped from Get-ChildItem as one release' {
            $piped = Get-LayoutRepository (Join-Path $TestDrive 'piped')
            $result = @(Get-ChildItem -LiteralPath $script:Dist | Publish-TofuProvider -Repository $piped)
            $result.Count | Should -Be 1
            $result[0].Platforms | Should -Be @('linux_amd64', 'windows_amd64')
        }

        It 'refuses files of another version than -Version' {
            { Publish-TofuProvider -Path (Join-Path $script:Dist '*.zip') -Repository $script:Mirror -Version '2.0.0' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidProviderRelease,OpenTofuOci.PowerShell.Commands.PublishTofuProviderCommand'
        }

        It 'reports a path that matches nothing' {
            { Publish-TofuProvider -Path (Join-Path $TestDrive 'nothing-*') -Repository $script:Mirror -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotFound,OpenTofuOci.PowerShell.Commands.PublishTofuProviderCommand'
        }
    }

    Context 'Get-TofuProviderVersion' {
        It 'lists the version with its platforms and digest' {
            $versions = @(Get-TofuProviderVersion -Source example/hello -Repository $script:Mirror)

            $versions.Count | Should -Be 1
            $versions[0] | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuProviderVersionInfo'
            $versions[0].Source | Should -Be 'registry.opentofu.org/example/hello'
            $versions[0].Version | Should -Be '1.0.0'
            $versions[0].Repository | Should -Be $script:Mirror
            $versions[0].Platforms | Should -Be @('linux_amd64', 'windows_amd64')
            $versions[0].Digest | Should -Match '^sha256:'
        }

        It 'rejects a malformed address before contacting anything' {
            { Get-TofuProviderVersion -Source 'not an address' -RepositoryTemplate 'registry.invalid/providers/${namespace}/${type}' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidProviderAddress,OpenTofuOci.PowerShell.Commands.GetTofuProviderVersionCommand'
        }

        It 'asks for -CredentialRegistry when the template does not name its registry' {
            $credential = [pscredential]::new('alice', (ConvertTo-SecureString 'x' -AsPlainText -Force))
            { Get-TofuProviderVersion -Source example/hello -RepositoryTemplate '${hostname}/providers/${namespace}/${type}' -Credential $credential -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpenTofuOci.PowerShell.Commands.GetTofuProviderVersionCommand'
        }
    }

    Context 'Install-TofuProvider' {
        It 'installs the piped version for one platform and records the lock file' {
            $destination = Join-Path $TestDrive 'plugins'
            $lockFile = Join-Path $TestDrive '.terraform.lock.hcl'

            $packages = @(Get-TofuProviderVersion -Source example/hello -Repository $script:Mirror |
                Install-TofuProvider -Repository $script:Mirror -Platform linux_amd64 -Destination $destination -LockFile $lockFile -PassThru)

            $packages.Count | Should -Be 1
            $packages[0] | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuProviderPackageInfo'
            $packages[0].Status | Should -Be 'Installed'
            $packages[0].Platform | Should -Be 'linux_amd64'
            $packages[0].Path | Should -Be (Join-Path $destination 'registry.opentofu.org/example/hello/1.0.0/linux_amd64')
            Test-Path -LiteralPath (Join-Path $packages[0].Path 'terraform-provider-hello_v1.0.0') | Should -BeTrue
            $lock = Get-Content -LiteralPath $lockFile -Raw
            $lock | Should -Match 'provider "registry.opentofu.org/example/hello"'
            $lock | Should -Match ([regex]::Escape($packages[0].H1))
            $lock | Should -Match ([regex]::Escape($packages[0].Zh))
        }

        It 'finds the package already there the second time' {
            $again = Install-TofuProvider -PassThru -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Destination (Join-Path $TestDrive 'plugins')
            $again.Status | Should -Be 'AlreadyPresent'
        }

        It 'stores zips with -Packed, relative to the current location' {
            Push-Location $TestDrive
            try {
                $package = Install-TofuProvider -PassThru -Source example/hello -Repository $script:Mirror -Platform windows_amd64 -Destination packed -Packed
            }
            finally {
                Pop-Location
            }

            $package.Path | Should -Be (Join-Path $TestDrive 'packed/registry.opentofu.org/example/hello/terraform-provider-hello_1.0.0_windows_amd64.zip')
            Test-Path -LiteralPath $package.Path | Should -BeTrue
        }

        It 'installs into TF_PLUGIN_CACHE_DIR without -Destination' {
            $cache = Join-Path $TestDrive 'plugin-cache'
            $saved = $env:TF_PLUGIN_CACHE_DIR
            $env:TF_PLUGIN_CACHE_DIR = $cache
            try {
                $package = Install-TofuProvider -PassThru -Source example/hello -Repository $script:Mirror -Platform linux_amd64
            }
            finally {
                $env:TF_PLUGIN_CACHE_DIR = $saved
            }

            $package.Path | Should -Be (Join-Path $cache 'registry.opentofu.org/example/hello/1.0.0/linux_amd64')
            Test-Path -LiteralPath (Join-Path $package.Path 'terraform-provider-hello_v1.0.0') | Should -BeTrue
        }

        It 'installs nothing with -WhatIf' {
            $destination = Join-Path $TestDrive 'whatif-plugins'
            Install-TofuProvider -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Destination $destination -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $destination | Should -BeFalse
        }

        It 'reports a platform the version lacks' {
            { Install-TofuProvider -Source example/hello -Repository $script:Mirror -Platform darwin_arm64 -Destination (Join-Path $TestDrive 'p2') -ErrorAction Stop } |
                Should -Throw -ErrorId 'PlatformNotSupported,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        }

        It 'refuses several addresses for one -Repository' {
            { Install-TofuProvider -Source example/hello, example/other -Repository $script:Mirror -Destination (Join-Path $TestDrive 'p3') -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        }
    }

    Context 'Update-TofuLockFile' {
        It 'records hashes for every platform without installing' {
            $lockFile = Join-Path $TestDrive 'team.lock.hcl'
            $entries = @(Update-TofuLockFile -PassThru -Source example/hello -Repository $script:Mirror -Platform linux_amd64, windows_amd64 -Path $lockFile)

            $entries.Count | Should -Be 2
            $entries[0] | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuLockFileEntryInfo'
            $entries.Platform | Should -Be @('linux_amd64', 'windows_amd64')
            $entries | ForEach-Object { $_.LockFile | Should -Be $lockFile }
            $lock = Get-Content -LiteralPath $lockFile -Raw
            $entries | ForEach-Object { $lock | Should -Match ([regex]::Escape($_.Zh)) }
        }

        It 'writes nothing with -WhatIf' {
            $lockFile = Join-Path $TestDrive 'whatif.lock.hcl'
            Update-TofuLockFile -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Path $lockFile -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $lockFile | Should -BeFalse
        }
    }

    Context 'Get-TofuOciTag | Publish-TofuProvider' {
        It 'copies each piped version into -Repository unchanged' {
            $copy = Get-LayoutRepository (Join-Path $TestDrive 'copy')
            $original = Get-TofuProviderVersion -Source example/hello -Repository $script:Mirror

            $results = @(Get-TofuOciTag -Repository $script:Mirror -VersionOnly | Publish-TofuProvider -Repository $copy)

            $results.Count | Should -Be 1
            $results[0].Repository | Should -Be $copy
            $results[0].SourceRepository | Should -Be $script:Mirror
            $results[0].Digest | Should -Be $original.Digest
            (Get-TofuProviderVersion -Source example/hello -Repository $copy).Digest | Should -Be $original.Digest
        }

        It 'copies nothing with -WhatIf' {
            $copy = Join-Path $TestDrive 'copy-whatif'
            Get-TofuOciTag -Repository $script:Mirror -VersionOnly | Publish-TofuProvider -Repository (Get-LayoutRepository $copy) -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path $copy 'index.json') | Should -BeFalse
        }
    }

    Context 'module surface' {
        It 'completes -Platform' {
            $completion = TabExpansion2 -inputScript 'Install-TofuProvider -Platform linux_a' -cursorColumn 38
            $completion.CompletionMatches.CompletionText | Should -Contain 'linux_amd64'
            $completion.CompletionMatches.CompletionText | Should -Contain 'linux_arm64'
        }

        It 'has help for <_>' -ForEach 'Get-TofuProviderVersion', 'Publish-TofuProvider', 'Install-TofuProvider', 'Update-TofuLockFile' {
            (Get-Command $_).Module.Name | Should -Be 'OpenTofuOci'
            (Get-Help $_).Synopsis | Should -Not -BeNullOrEmpty
        }
    }
}
