#Requires -Version 7.4

# docs/runbooks/Sync-TofuProviderMirror.ps1 end to end: an upstream registry that needs Basic auth
# with three versions, an internal mirror registry that has one of them, two platforms installed and
# locked; then a second run that changes nothing, and -WhatIf that changes nothing either.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $script:Runbook = Join-Path (Get-RepositoryRoot) 'docs/runbooks/Sync-TofuProviderMirror.ps1'

    $script:Upstream = Start-TestRegistry -Mode Basic -UserName 'upstream-reader' -Password 'upstream-pass-7'
    $script:Internal = Start-TestRegistry -Mode Basic -UserName 'mirror-writer' -Password 'mirror-pass-9'
    $script:UpstreamRepository = "$($script:Upstream.Address)/vendor/example/hello"
    foreach ($version in '1.0.0', '1.1.0', '2.0.0') {
        $dist = Join-Path $TestDrive "dist-$version"
        New-TestRelease -Path $dist -Version $version -Platform 'linux_amd64', 'windows_amd64' | Out-Null
        $null = Publish-TofuProvider -Path $dist -Repository $script:UpstreamRepository -PlainHttp -Credential $script:Upstream.Credential -ErrorAction Stop
    }

    $script:MirrorRepository = "$($script:Internal.Address)/tofu/example/hello"
    $null = Get-TofuOciTag -Repository $script:UpstreamRepository -PlainHttp -Credential $script:Upstream.Credential -Name '1.0.0' |
        Publish-TofuProvider -Repository $script:MirrorRepository -PlainHttp -Credential $script:Internal.Credential -ErrorAction Stop

    $script:Arguments = @{
        Provider           = @(@{ Source = 'example/hello'; Upstream = $script:UpstreamRepository; Version = '~> 1.0' })
        Mirror             = "$($script:Internal.Address)/tofu"
        Platform           = 'linux_amd64', 'windows_amd64'
        Destination        = Join-Path $TestDrive 'providers'
        LockFile           = Join-Path $TestDrive '.terraform.lock.hcl'
        UpstreamCredential = $script:Upstream.Credential
        MirrorCredential   = $script:Internal.Credential
        PlainHttp          = $true
    }
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Sync-TofuProviderMirror.ps1' {
    It 'changes nothing with -WhatIf' {
        $result = & $script:Runbook @script:Arguments -WhatIf

        $result.Copied | Should -BeNullOrEmpty
        (Get-TofuOciTag -Repository $script:MirrorRepository -PlainHttp -Credential $script:Internal.Credential).Tag | Should -Be @('1.0.0')
        Test-Path -LiteralPath $script:Arguments.Destination | Should -BeFalse
        Test-Path -LiteralPath $script:Arguments.LockFile | Should -BeFalse
    }

    It 'copies the versions the mirror lacks, installs the newest allowed for both platforms and locks them' {
        $result = & $script:Runbook @script:Arguments

        $result.Source | Should -Be 'example/hello'
        $result.Copied | Should -Be @('1.1.0', '2.0.0')
        $result.Installed | Should -Be @('1.1.0')
        $result.Platforms | Should -Be @('linux_amd64', 'windows_amd64')
        $result.Statuses | Should -Be @('Installed', 'Installed')

        $upstream = Get-TofuProviderVersion -Source example/hello -Repository $script:UpstreamRepository -PlainHttp -Credential $script:Upstream.Credential
        $mirror = Get-TofuProviderVersion -Source example/hello -Repository $script:MirrorRepository -PlainHttp -Credential $script:Internal.Credential
        $mirror.Version | Should -Be @('1.0.0', '1.1.0', '2.0.0')
        $mirror.Digest | Should -Be $upstream.Digest

        foreach ($platform in 'linux_amd64', 'windows_amd64') {
            $dir = Join-Path $script:Arguments.Destination "registry.opentofu.org/example/hello/1.1.0/$platform"
            Get-Content -LiteralPath (Join-Path $dir 'terraform-provider-hello_v1.1.0') -Raw | Should -Be "#!/bin/sh`necho hello 1.1.0 $platform`n"
        }

        $lock = Get-Content -LiteralPath $script:Arguments.LockFile -Raw
        $lock | Should -Match 'provider "registry.opentofu.org/example/hello" \{'
        $lock | Should -Match 'version     = "1.1.0"'
        $lock | Should -Match 'constraints = "~> 1.0"'
        ([regex]::Matches($lock, '"h1:')).Count | Should -Be 2
        ([regex]::Matches($lock, '"zh:')).Count | Should -Be 2
    }

    It 'copies and installs nothing new when run again' {
        $result = & $script:Runbook @script:Arguments

        $result.Copied | Should -BeNullOrEmpty
        $result.Statuses | Should -Be @('AlreadyPresent', 'AlreadyPresent')
    }

    It 'stops with the registry''s error when the upstream login is wrong' {
        $wrong = $script:Arguments.Clone()
        $wrong.UpstreamCredential = New-TestCredential 'upstream-reader' 'wrong'

        { & $script:Runbook @wrong } | Should -Throw -ErrorId 'Unauthorized,OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand'
    }
}
