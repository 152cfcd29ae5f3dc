#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Copy-TofuProvider end to end (issue 12): a real nginx over TLS serves a provider registry whose
# SHA256SUMS gpg signed, with broken releases; a real docker-registry is the mirror; what was copied
# is installed with Install-TofuProvider. Runs against the staged module (./build.ps1 -Task Package).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule

    $script:Platforms = 'darwin_arm64', 'linux_amd64', 'windows_amd64'
    $script:Key = New-TestSigningKey
    $www = Join-Path $TestDrive 'www'
    $script:Origin = Start-TestNginx -Root $www
    $script:Broken = @{
        hello = @{ '1.3.0' = 'SignatureInvalid'; '1.4.0' = 'ChecksumMismatch' }
        world = @{ '1.3.0' = 'ChecksumNotListed' }
    }
    $releases = foreach ($type in 'hello', 'world') {
        foreach ($version in '1.0.0', '1.1.0', '1.2.0') { @{ Type = $type; Version = $version } }
    }
    $releases += @{ Type = 'hello'; Version = '1.3.0'; Break = 'BadSignature' }
    $releases += @{ Type = 'hello'; Version = '1.4.0'; Break = 'TamperedZip' }
    $releases += @{ Type = 'world'; Version = '1.3.0'; Break = 'SumsWithoutFile' }
    Write-TestProviderRegistry -Root $www -BaseUrl $script:Origin.BaseUrl -Namespace acme -Release $releases -Platform $script:Platforms -SigningKey $script:Key
    $script:Target = Start-TestRegistry -Mode Plain

    function script:Copy-FromOrigin([string]$Type, [string]$Template, [hashtable]$Extra = @{}) {
        Copy-TofuProvider "example.com/acme/$Type" -Version '>= 1.0' -Platform linux_amd64, windows_amd64 -RepositoryTemplate $Template `
            -FromRegistry $script:Origin.BaseUrl -CertificateAuthorityPath $script:Origin.CaFile -PlainHttp -TrustedKey $script:Key.PublicKeyFile @Extra
    }

    function script:New-Template {
        "$($script:Target.Address)/pester$([guid]::NewGuid().ToString('n').Substring(0, 10))/`${namespace}/`${type}"
    }
}

AfterAll {
    Stop-TestOrigin
    Stop-TestRegistry
}

Describe 'Copy-TofuProvider' {
    It 'copies every good version of <Type> with its signer, refuses each broken release with its own id, and a re-run uploads nothing' -ForEach @(
        @{ Type = 'hello' }, @{ Type = 'world' }) {
        $template = New-Template

        $copied = Copy-TofuProvider "example.com/acme/$Type" -Version '>= 1.0' -Platform linux_amd64, windows_amd64 -RepositoryTemplate $template `
            -FromRegistry $script:Origin.BaseUrl -CertificateAuthorityPath $script:Origin.CaFile -PlainHttp -TrustedKey $script:Key.PublicKeyFile `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $copied | Should -HaveCount 6
        $copied | ForEach-Object { $_ | Should -BeOfType 'OpenTofuOci.PowerShell.Output.TofuProviderMirrorInfo' }
        ($copied | ForEach-Object { "$($_.Version) $($_.Platform) $($_.Status) $($_.SignedBy)" }) | Should -Be @(
            foreach ($v in '1.0.0', '1.1.0', '1.2.0') { foreach ($p in 'linux_amd64', 'windows_amd64') { "$v $p Published $($script:Key.KeyId)" } })
        $copied | ForEach-Object { $_.ProvenanceDigest | Should -Match '^sha256:[0-9a-f]{64}$' }
        $ids = $failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }
        $expected = $script:Broken[$Type]
        $ids | Should -Be (@($expected.Keys | Sort-Object | ForEach-Object { $expected[$_] }) + 'ProviderMirrorIncomplete')
        (Get-TofuProviderVersion "example.com/acme/$Type" -RepositoryTemplate $template -PlainHttp).Version | Should -Be @('1.0.0', '1.1.0', '1.2.0')

        $again = Copy-FromOrigin $Type $template @{ ErrorAction = 'SilentlyContinue' }

        $again.Status | Sort-Object -Unique | Should -Be 'AlreadyPresent'
        $again.IndexDigest | Should -Be $copied.IndexDigest
        $again.ProvenanceDigest | Should -Be $copied.ProvenanceDigest

        $installed = Install-TofuProvider "example.com/acme/$Type" -Version 1.2.0 -Platform linux_amd64, windows_amd64 -RepositoryTemplate $template -PlainHttp `
            -Destination (Join-Path $TestDrive "installed-$Type") -RequireProvenance -TrustedKey $script:Key.PublicKeyFile -PassThru
        $installed.Status | Should -Be @('Installed', 'Installed')
        Test-Path -LiteralPath (Join-Path $TestDrive "installed-$Type/example.com/acme/$Type/1.2.0/linux_amd64/terraform-provider-${Type}_v1.2.0") | Should -BeTrue
    }

    It 'refuses a signer that is not among the trusted keys with SigningKeyUnknown' {
        $other = New-TestSigningKey -Name 'Someone Else'
        $template = New-Template

        $copied = Copy-TofuProvider example.com/acme/world -Version '1.0.0' -Platform linux_amd64 -RepositoryTemplate $template -FromRegistry $script:Origin.BaseUrl `
            -CertificateAuthorityPath $script:Origin.CaFile -PlainHttp -TrustedKey $other.PublicKeyFile -ErrorVariable failures -ErrorAction SilentlyContinue

        $copied | Should -BeNullOrEmpty
        ($failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('SigningKeyUnknown', 'ProviderMirrorIncomplete')
        Get-TofuProviderVersion example.com/acme/world -RepositoryTemplate $template -PlainHttp -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'copies from a tofu providers mirror directory with -AllowUnsigned, refusing a zip that does not match its h1: hash' {
        $directory = Join-Path $TestDrive 'providers-mirror'
        $releases = Join-Path $TestDrive 'www/releases/acme/hello'
        $zips = foreach ($v in '1.0.0', '1.1.0') { Get-ChildItem -LiteralPath (Join-Path $releases $v) -Filter '*.zip' | ForEach-Object FullName }
        Write-TestMirrorDirectory -Root $directory -Address example.com/acme/hello -Zip $zips
        # 1.1.0's linux zip is replaced after its h1: was listed.
        Copy-Item -LiteralPath (Join-Path $releases '1.0.0/terraform-provider-hello_1.0.0_linux_amd64.zip') `
            -Destination (Join-Path $directory 'example.com/acme/hello/terraform-provider-hello_1.1.0_linux_amd64.zip') -Force
        $template = New-Template
        $common = @{ Version = '>= 1.0'; Platform = 'linux_amd64'; RepositoryTemplate = $template; FromDirectory = $directory; PlainHttp = $true }

        $refused = Copy-TofuProvider example.com/acme/hello @common -ErrorVariable unsigned -ErrorAction SilentlyContinue
        $copied = Copy-TofuProvider example.com/acme/hello @common -AllowUnsigned -ErrorVariable failures -ErrorAction SilentlyContinue

        $refused | Should -BeNullOrEmpty
        ($unsigned | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('UnsignedRelease', 'UnsignedRelease', 'ProviderMirrorIncomplete')
        ($copied | ForEach-Object { "$($_.Version) $($_.Platform) $($_.Status) $($_.SignedBy)" }) | Should -Be '1.0.0 linux_amd64 Published unsigned'
        ($failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('SourceHashMismatch', 'ProviderMirrorIncomplete')
        (Get-TofuProviderVersion example.com/acme/hello -RepositoryTemplate $template -PlainHttp).Version | Should -Be '1.0.0'
        (Copy-TofuProvider example.com/acme/hello @common -AllowUnsigned -ErrorAction SilentlyContinue).Status | Should -Be 'AlreadyPresent'
    }

    It 'copies from a provider network mirror served by nginx with -AllowUnsigned, with unsigned provenance that -RequireProvenance refuses' {
        # The packed layout is also what a network mirror serves: nginx serves it under /netmirror.
        $served = Join-Path $TestDrive 'www/netmirror'
        $releases = Join-Path $TestDrive 'www/releases/acme/world'
        $zips = foreach ($v in '1.0.0', '1.2.0') { Get-ChildItem -LiteralPath (Join-Path $releases $v) -Filter '*.zip' | ForEach-Object FullName }
        Write-TestMirrorDirectory -Root $served -Address example.com/acme/world -Zip $zips
        $template = New-Template
        $common = @{ Version = '>= 1.0'; Platform = 'linux_amd64', 'windows_amd64'; RepositoryTemplate = $template; PlainHttp = $true
            FromNetworkMirror = "$($script:Origin.BaseUrl)/netmirror"; CertificateAuthorityPath = $script:Origin.CaFile }

        $refused = Copy-TofuProvider example.com/acme/world @common -ErrorVariable unsigned -ErrorAction SilentlyContinue
        $copied = Copy-TofuProvider example.com/acme/world @common -AllowUnsigned

        $refused | Should -BeNullOrEmpty
        ($unsigned | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('UnsignedRelease', 'UnsignedRelease', 'ProviderMirrorIncomplete')
        ($copied | ForEach-Object { "$($_.Version) $($_.Platform) $($_.Status) $($_.SignedBy)" }) |
            Should -Be @('1.0.0 linux_amd64 Published unsigned', '1.0.0 windows_amd64 Published unsigned', '1.2.0 linux_amd64 Published unsigned', '1.2.0 windows_amd64 Published unsigned')
        ($copied | Where-Object Platform -EQ linux_amd64 | ForEach-Object { $_.ZipDigest }) |
            Should -Be @(foreach ($v in '1.0.0', '1.2.0') { 'sha256:' + (Get-FileHash -Algorithm SHA256 -LiteralPath (Join-Path $releases "$v/terraform-provider-world_${v}_linux_amd64.zip")).Hash.ToLowerInvariant() })
        (Copy-TofuProvider example.com/acme/world @common -AllowUnsigned).Status | Should -Be @('AlreadyPresent', 'AlreadyPresent', 'AlreadyPresent', 'AlreadyPresent')

        $install = @{ Source = 'example.com/acme/world'; Version = '1.2.0'; Platform = 'linux_amd64'; RepositoryTemplate = $template; PlainHttp = $true }
        { Install-TofuProvider @install -Destination (Join-Path $TestDrive 'netmirror-required') -RequireProvenance -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsignedRelease*'
        (Install-TofuProvider @install -Destination (Join-Path $TestDrive 'netmirror-plain') -PassThru).Version | Should -Be '1.2.0'
    }

    It '-WhatIf publishes nothing' {
        $template = New-Template

        $copied = Copy-FromOrigin 'world' $template @{ WhatIf = $true }

        $copied | Should -BeNullOrEmpty
        Get-TofuProviderVersion example.com/acme/world -RepositoryTemplate $template -PlainHttp -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
