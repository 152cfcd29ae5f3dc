#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# The TLS parameters every registry cmdlet shares. Runs against the staged module (out/OpenTofuOci).
# Errors that need no registry are checked here; TLS against real registries is covered by the .NET tests.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $manifest = Join-Path $repoRoot 'out/OpenTofuOci/OpenTofuOci.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest; run ./build.ps1 -Task Package first."
    }

    Import-Module $manifest -Force -ErrorAction Stop
}

Describe 'TLS parameters' {
    It '<Cmdlet> has -<Parameter>' -ForEach @(
        foreach ($c in 'Get-TofuOciTag', 'Get-TofuProviderVersion', 'Install-TofuProvider', 'Update-TofuLockFile', 'Publish-TofuProvider') {
            foreach ($p in 'CertificateAuthorityPath', 'ClientCertificatePath', 'ClientKeyPath', 'ClientCertificatePassword', 'SkipCertificateCheck') {
                @{ Cmdlet = $c; Parameter = $p }
            }
        }
    ) {
        (Get-Command $Cmdlet).Parameters.Keys | Should -Contain $Parameter
    }

    It 'a missing CA file is a TlsFileInvalid error naming the file' {
        $missing = Join-Path $TestDrive 'missing-ca.pem'
        $err = $null
        Get-TofuOciTag -Repository 'registry.invalid/team/repo' -CertificateAuthorityPath $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TlsFileInvalid,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*`"$missing`" cannot be read*"
    }

    It '-ClientKeyPath without -ClientCertificatePath is an InvalidArgument error' {
        $err = $null
        Get-TofuOciTag -Repository 'registry.invalid/team/repo' -ClientKeyPath (Join-Path $TestDrive 'k.pem') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
    }

    It '-SkipCertificateCheck writes a warning naming the registry' {
        $warnings = $null
        Get-TofuOciTag -Repository '127.0.0.1:9/team/repo' -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeLike 'TLS certificate verification is OFF for 127.0.0.1:9 *'
    }

    It 'the password given with -ClientCertificatePassword appears in no verbose line' {
        $password = ConvertTo-SecureString 'pester-Pfx-Secret' -AsPlainText -Force
        $pfx = Join-Path $TestDrive 'none.pfx'
        Set-Content -LiteralPath $pfx -Value 'not a pfx'
        $out = Get-TofuOciTag -Repository 'registry.invalid/team/repo' -ClientCertificatePath $pfx -ClientCertificatePassword $password -Verbose -ErrorAction SilentlyContinue 4>&1 2>&1
        ($out | Out-String) | Should -Not -BeLike '*pester-Pfx-Secret*'
    }
}
