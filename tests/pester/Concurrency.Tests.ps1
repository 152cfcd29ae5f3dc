#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Install-TofuProvider and Update-TofuLockFile run many at once (ForEach-Object -Parallel runspaces,
# Start-ThreadJob jobs) into one destination and one lock file, and with one provider of several
# missing from the mirror: every install either installs or finds the identical package, and one
# missing provider is one non-terminating error while the others are installed and locked.
# Against a real docker-registry and the staged module (./build.ps1 -Task Package).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $script:Manifest = Get-StagedModulePath
    $script:Registry = Start-TestRegistry -Mode Plain
    $script:Template = "$($script:Registry.Address)/conc/`${namespace}/`${type}"

    $dist = Join-Path $TestDrive 'dist'
    New-TestRelease -Path $dist -Version '1.0.0' -Platform 'linux_amd64'
    $null = Publish-TofuProvider -Path $dist -Repository "$($script:Registry.Address)/conc/example/hello" -PlainHttp -ErrorAction Stop

    # What every concurrent install must end with: a package identical to one installed alone.
    $script:Reference = Install-TofuProvider -Source example/hello -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -PassThru `
        -Destination (Join-Path $TestDrive 'reference') -ErrorAction Stop

    function script:Get-Tree([string]$Root) {
        @(Get-ChildItem -LiteralPath $Root -Recurse -Force | ForEach-Object { [System.IO.Path]::GetRelativePath($Root, $_.FullName).Replace('\', '/') } | Sort-Object)
    }
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Concurrent installs into one destination' {
    It 'installs once and finds the identical package 11 times from 12 ForEach-Object -Parallel runspaces' {
        $destination = Join-Path $TestDrive 'parallel'
        $template = $script:Template
        $manifest = $script:Manifest
        # Released together once every runspace has imported the module, so the installs really overlap.
        $start = [System.Threading.Barrier]::new(12)

        $results = @(1..12 | ForEach-Object -ThrottleLimit 12 -Parallel {
            Import-Module $using:manifest
            $null = ($using:start).SignalAndWait([TimeSpan]::FromSeconds(60))
            Install-TofuProvider -Source example/hello -Platform linux_amd64 -RepositoryTemplate $using:template -PlainHttp -PassThru `
                -Destination $using:destination -ErrorAction Stop
        } -ErrorVariable failed)

        $failed | Should -BeNullOrEmpty
        $results.Count | Should -Be 12
        @($results | Where-Object Status -EQ 'Installed').Count | Should -Be 1
        @($results | Where-Object Status -EQ 'AlreadyPresent').Count | Should -Be 11
        $results.H1 | Sort-Object -Unique | Should -Be $script:Reference.H1
        Get-Tree $destination | Should -Be @(
            'registry.opentofu.org', 'registry.opentofu.org/example', 'registry.opentofu.org/example/hello',
            'registry.opentofu.org/example/hello/1.0.0', 'registry.opentofu.org/example/hello/1.0.0/linux_amd64',
            'registry.opentofu.org/example/hello/1.0.0/linux_amd64.lock',
            'registry.opentofu.org/example/hello/1.0.0/linux_amd64/terraform-provider-hello_v1.0.0')
        $installed = Join-Path $destination 'registry.opentofu.org/example/hello/1.0.0/linux_amd64/terraform-provider-hello_v1.0.0'
        (Get-FileHash -LiteralPath $installed).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $script:Reference.Path 'terraform-provider-hello_v1.0.0')).Hash
    }

    It 'installs once and finds the identical package 5 times from 6 ForEach-Object -Parallel runspaces, in each of 10 rounds' {
        $template = $script:Template
        $manifest = $script:Manifest
        $expectedHash = (Get-FileHash -LiteralPath (Join-Path $script:Reference.Path 'terraform-provider-hello_v1.0.0')).Hash

        foreach ($round in 1..10) {
            $destination = Join-Path $TestDrive "rounds/$round"
            $start = [System.Threading.Barrier]::new(6)
            $results = @(1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:manifest
                $null = ($using:start).SignalAndWait([TimeSpan]::FromSeconds(60))
                Install-TofuProvider -Source example/hello -Platform linux_amd64 -RepositoryTemplate $using:template -PlainHttp -PassThru `
                    -Destination $using:destination -ErrorAction Stop
            } -ErrorVariable failed)

            $failed | Should -BeNullOrEmpty -Because "round $round"
            @($results | Where-Object Status -EQ 'Installed').Count | Should -Be 1 -Because "round $round"
            @($results | Where-Object Status -EQ 'AlreadyPresent').Count | Should -Be 5 -Because "round $round"
            $results.H1 | Sort-Object -Unique | Should -Be $script:Reference.H1
            @(Get-ChildItem -LiteralPath (Join-Path $destination 'registry.opentofu.org/example/hello/1.0.0') -Name | Sort-Object) |
                Should -Be @('linux_amd64', 'linux_amd64.lock') -Because "round $round leaves one package and its lock file"
            $installed = Join-Path $destination 'registry.opentofu.org/example/hello/1.0.0/linux_amd64/terraform-provider-hello_v1.0.0'
            (Get-FileHash -LiteralPath $installed).Hash | Should -Be $expectedHash -Because "round $round"
        }
    }

    It 'installs once and finds the identical package 5 times from 6 Start-ThreadJob jobs' {
        Get-Command Start-ThreadJob -ErrorAction Stop | Should -Not -BeNullOrEmpty
        $destination = Join-Path $TestDrive 'threadjobs'
        $template = $script:Template
        $manifest = $script:Manifest
        $start = [System.Threading.Barrier]::new(6)

        $jobs = 1..6 | ForEach-Object {
            Start-ThreadJob -ThrottleLimit 6 -ScriptBlock {
                Import-Module $using:manifest
                $null = ($using:start).SignalAndWait([TimeSpan]::FromSeconds(60))
                Install-TofuProvider -Source example/hello -Platform linux_amd64 -RepositoryTemplate $using:template -PlainHttp -PassThru `
                    -Destination $using:destination -ErrorAction Stop
            }
        }
        $results = @($jobs | Receive-Job -Wait -AutoRemoveJob -ErrorVariable failed)

        $failed | Should -BeNullOrEmpty
        $results.Count | Should -Be 6
        @($results | Where-Object Status -EQ 'Installed').Count | Should -Be 1
        @($results | Where-Object Status -EQ 'AlreadyPresent').Count | Should -Be 5
        $results.H1 | Sort-Object -Unique | Should -Be $script:Reference.H1
        @(Get-Tree $destination | Where-Object { $_ -match '\.tmp-|\.old-' }) | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath (Join-Path $destination 'registry.opentofu.org/example/hello/1.0.0') -Directory).Name | Should -Be @('linux_amd64')
    }

    It 'records every provider in one lock file from parallel Update-TofuLockFile runspaces' {
        $lockFile = Join-Path $TestDrive 'parallel.lock.hcl'
        $template = $script:Template
        $manifest = $script:Manifest
        # Six other providers, each published under its own namespace, locked at the same time.
        $namespaces = 1..6 | ForEach-Object { "team$_" }
        foreach ($ns in $namespaces) {
            $null = Publish-TofuProvider -Path (Join-Path $TestDrive 'dist') -Repository "$($script:Registry.Address)/conc/$ns/hello" -PlainHttp -ErrorAction Stop
        }

        $start = [System.Threading.Barrier]::new(6)

        $results = @($namespaces | ForEach-Object -ThrottleLimit 6 -Parallel {
            Import-Module $using:manifest
            $null = ($using:start).SignalAndWait([TimeSpan]::FromSeconds(60))
            Update-TofuLockFile -Source "$_/hello" -Platform linux_amd64 -RepositoryTemplate $using:template -PlainHttp -PassThru -Path $using:lockFile -ErrorAction Stop
        } -ErrorVariable failed)

        $failed | Should -BeNullOrEmpty
        $results.Count | Should -Be 6
        $text = Get-Content -LiteralPath $lockFile -Raw
        foreach ($ns in $namespaces) {
            $text | Should -BeLike "*provider `"registry.opentofu.org/$ns/hello`" {*"
        }
        ([regex]::Matches($text, '"zh:')).Count | Should -Be 6
    }
}

Describe 'One failed provider does not stop the others' {
    It 'Install-TofuProvider installs hello and writes one error for the missing provider' {
        $destination = Join-Path $TestDrive 'partial'
        $lockFile = Join-Path $TestDrive 'partial.lock.hcl'

        $results = @(Install-TofuProvider -Source example/hello, example/missing -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -PassThru `
            -Destination $destination -LockFile $lockFile -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 1
        $results[0].Source | Should -Be 'registry.opentofu.org/example/hello'
        $results[0].Status | Should -Be 'Installed'
        $results[0].H1 | Should -Be $script:Reference.H1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ProviderNotFound,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        # A script branches on the outcome as an enum value, not by taking the id string apart.
        $failures[0].Exception.Code | Should -Be ([OpenTofuOci.Core.Errors.ErrorCode]::ProviderNotFound)
        ($failures[0].Exception.Code -eq 'ProviderNotFound') | Should -BeTrue
        $failures[0].TargetObject | Should -Be 'example/missing'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -BeLike '*example/missing*'
        Test-Path -LiteralPath (Join-Path $destination 'registry.opentofu.org/example/missing') | Should -BeFalse
        $text = Get-Content -LiteralPath $lockFile -Raw
        $text | Should -BeLike '*provider "registry.opentofu.org/example/hello" {*'
        $text | Should -Not -BeLike '*missing*'
    }

    It 'Update-TofuLockFile records hello and writes one error for the missing provider' {
        $lockFile = Join-Path $TestDrive 'partial-lock.hcl'

        $results = @(Update-TofuLockFile -Source example/hello, example/missing -Platform linux_amd64 -RepositoryTemplate $script:Template -PlainHttp -PassThru `
            -Path $lockFile -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 1
        $results[0].Source | Should -Be 'registry.opentofu.org/example/hello'
        $results[0].H1 | Should -Be $script:Reference.H1
        $results[0].LockFile | Should -Be $lockFile
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ProviderNotFound,OpenTofuOci.PowerShell.Commands.UpdateTofuLockFileCommand'
        $failures[0].Exception.Code | Should -Be ([OpenTofuOci.Core.Errors.ErrorCode]::ProviderNotFound)
        $failures[0].TargetObject | Should -Be 'example/missing'
        $text = Get-Content -LiteralPath $lockFile -Raw
        $text | Should -BeLike '*provider "registry.opentofu.org/example/hello" {*'
        $text | Should -Not -BeLike '*missing*'
    }
}
