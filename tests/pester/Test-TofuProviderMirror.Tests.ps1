#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Test-TofuProviderMirror end to end (issue 13): a real docker-registry holds tofu/acme/hello, published by
# Publish-TofuProvider; real skopeo copies one version with --all over its own tag, which drops artifactType from
# the index and its entries. The cmdlet reports it as finding objects (never error records), -WhatIf changes
# nothing, -Fix repairs it, -Quiet answers. Runs against the staged module (./build.ps1 -Task Package).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $script:Registry = Start-TestRegistry -Mode Plain

    # A healthy tofu/acme/hello (1.0.0 and 1.1.0 for two platforms), then 1.1.0 copied by skopeo --all onto itself.
    function script:New-BrokenMirror {
        $repository = "$($script:Registry.Address)/pester$([guid]::NewGuid().ToString('n').Substring(0, 10))/tofu/acme/hello"
        foreach ($version in '1.0.0', '1.1.0') {
            $dist = Join-Path $TestDrive "dist-$([guid]::NewGuid().ToString('n'))"
            $null = New-TestRelease -Path $dist -Version $version -Platform linux_amd64, windows_amd64
            $null = Publish-TofuProvider -Path $dist -Repository $repository -PlainHttp -ErrorAction Stop
        }
        & skopeo copy --all --quiet --src-tls-verify=false --dest-tls-verify=false "docker://${repository}:1.1.0" "docker://${repository}:1.1.0"
        if ($LASTEXITCODE -ne 0) { throw "skopeo copy --all failed with exit code $LASTEXITCODE" }
        $repository
    }

    function script:Get-RawManifest([string]$Reference) {
        $raw = & skopeo inspect --raw --tls-verify=false "docker://$Reference"
        if ($LASTEXITCODE -ne 0) { throw "skopeo inspect failed with exit code $LASTEXITCODE" }
        $raw -join "`n"
    }

    function script:Get-Summary($Information) {
        @($Information | Where-Object { $_.Tags -contains 'Summary' })[0].MessageData
    }

    $script:Broken = @(
        'Warning PlainHttpRegistry  '
        'Error IndexMissingArtifactType 1.1.0 '
        'Error WrongManifestArtifactType 1.1.0 linux_amd64'
        'Error WrongManifestArtifactType 1.1.0 windows_amd64'
    )
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Test-TofuProviderMirror' {
    It 'writes one finding object per problem with its stable rule id, the summary to the information stream, and no error record' {
        $repository = New-BrokenMirror

        $findings = Test-TofuProviderMirror -Repository $repository -PlainHttp -ErrorVariable failures -InformationVariable information

        $failures | Should -BeNullOrEmpty
        $findings | ForEach-Object { $_ | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuAuditFindingInfo' }
        ($findings | ForEach-Object { "$($_.Severity) $($_.Rule) $($_.Version) $($_.Platform)" }) | Should -Be $script:Broken
        $findings.Subject | Sort-Object -Unique | Should -Be 'registry.opentofu.org/acme/hello'
        $findings.Repository | Sort-Object -Unique | Should -Be $repository
        ($findings | Where-Object Rule -eq 'IndexMissingArtifactType').Fixable | Should -BeTrue
        ($findings | Where-Object Rule -eq 'PlainHttpRegistry').Message | Should -Match 'HTTPS'
        $summary = Get-Summary $information
        $summary | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuAuditSummaryInfo'
        "$($summary.Repositories) $($summary.Versions) $($summary.Errors) $($summary.Warnings) $($summary.Fixed) $($summary.Passed)" | Should -Be '1 2 3 1 0 False'
    }

    It '-Quiet answers $false for the broken mirror, and -Fix -WhatIf reports the same findings and changes nothing' {
        $repository = New-BrokenMirror
        $before = Get-RawManifest "${repository}:1.1.0"

        Test-TofuProviderMirror -Repository $repository -PlainHttp -Quiet | Should -BeExactly $false
        $planned = Test-TofuProviderMirror -Repository $repository -PlainHttp -Fix -WhatIf -InformationVariable information

        ($planned | ForEach-Object { "$($_.Severity) $($_.Rule) $($_.Version) $($_.Platform)" }) | Should -Be $script:Broken
        (Get-Summary $information).Fixed | Should -Be 0
        Get-RawManifest "${repository}:1.1.0" | Should -BeExactly $before
    }

    It '-Fix re-pushes the index skopeo rewrote, audits again, and the mirror then passes' {
        $repository = New-BrokenMirror

        $after = Test-TofuProviderMirror -Repository $repository -PlainHttp -Fix -Confirm:$false -InformationVariable information

        @($after).Rule | Should -Be @('PlainHttpRegistry')
        $summary = Get-Summary $information
        "$($summary.Errors) $($summary.Fixed) $($summary.Passed)" | Should -Be '0 1 True'
        $raw = Get-RawManifest "${repository}:1.1.0"
        $raw | Should -Match '"artifactType":"application/vnd.opentofu.provider"'
        $raw | Should -Match '"artifactType":"application/vnd.opentofu.provider-target"'
        Test-TofuProviderMirror -Repository $repository -PlainHttp -Quiet | Should -BeExactly $true
        (Get-TofuProviderVersion registry.opentofu.org/acme/hello -Repository $repository -PlainHttp).Version | Should -Be @('1.0.0', '1.1.0')
    }

    It 'audits each provider a template maps, and a healthy one has no finding but the plain-HTTP warning' {
        $prefix = "$($script:Registry.Address)/pester$([guid]::NewGuid().ToString('n').Substring(0, 10))"
        $dist = Join-Path $TestDrive "dist-$([guid]::NewGuid().ToString('n'))"
        $null = New-TestRelease -Path $dist -Type world -Version 2.0.0 -Platform linux_amd64
        $null = Publish-TofuProvider -Path $dist -Repository "$prefix/acme/world" -PlainHttp -ErrorAction Stop

        $findings = Test-TofuProviderMirror acme/world -RepositoryTemplate "$prefix/`${namespace}/`${type}" -PlainHttp -Platform linux_amd64 -InformationVariable information

        @($findings).Rule | Should -Be @('PlainHttpRegistry')
        (Get-Summary $information).Passed | Should -BeTrue
    }

    It 'stops on a bad address with <Id> under -ErrorAction Stop' -ForEach @(
        @{ Repository = 'not a repository!'; Id = 'InvalidReference' }
        @{ Repository = 'registry.example.com/acme/hello:1.0.0'; Id = 'InvalidReference' }
        @{ Repository = 'registry.example.com/hello'; Id = 'InvalidProviderAddress' }) {
        { Test-TofuProviderMirror -Repository $Repository -ErrorAction Stop } | Should -Throw -ErrorId "$Id,*"
    }

    It 'writes InvalidArgument when there is nothing to audit' {
        $result = Test-TofuProviderMirror -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
    }
}
