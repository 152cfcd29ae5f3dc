#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# -RequireProvenance and -TrustedKey on Install-TofuProvider and Update-TofuLockFile, against an OCI
# image-layout directory in TestDrive holding a version that has no provenance artifact (published
# with Publish-TofuProvider, which keeps none). Runs against the staged module (./build.ps1 -Task Package).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
}

Describe 'Requiring provenance' {
    BeforeAll {
        $script:Dist = Join-Path $TestDrive 'dist'
        New-TestRelease -Path $script:Dist -Version '1.0.0' -Platform 'linux_amd64'
        $script:Mirror = Get-LayoutRepository (Join-Path $TestDrive 'mirror')
        $null = Publish-TofuProvider -Path $script:Dist -Repository $script:Mirror -ErrorAction Stop
    }

    It 'Install-TofuProvider -RequireProvenance refuses a version without provenance and installs nothing' {
        $destination = Join-Path $TestDrive 'plugins'
        $err = $null
        Install-TofuProvider -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Destination $destination -RequireProvenance -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ProvenanceNotFound,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        $err[0].Exception.Message | Should -BeLike '*has no provenance artifact referring to its index*or leave out -RequireProvenance.'
        Test-Path -LiteralPath (Join-Path $destination 'registry.opentofu.org') | Should -BeFalse
    }

    It 'Update-TofuLockFile -RequireProvenance records nothing for a version without provenance' {
        $lockFile = Join-Path $TestDrive 'locks/.terraform.lock.hcl'
        $null = New-Item -ItemType Directory -Path (Split-Path $lockFile) -Force
        { Update-TofuLockFile -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Path $lockFile -RequireProvenance -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProvenanceNotFound,OpenTofuOci.PowerShell.Commands.UpdateTofuLockFileCommand'
        Test-Path -LiteralPath $lockFile | Should -BeFalse
    }

    It '-TrustedKey without -RequireProvenance is refused naming both parameters' {
        $key = Join-Path $TestDrive 'signer.asc'
        Set-Content -LiteralPath $key -Value 'not read'
        { Install-TofuProvider -Source example/hello -Repository $script:Mirror -Platform linux_amd64 -Destination (Join-Path $TestDrive 'p2') -TrustedKey $key -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand' -ExpectedMessage 'Trusted key files (-TrustedKey) say which keys provenance must be signed with, so they need -RequireProvenance.*'
    }
}
