#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Errors raised by Core name the options of the front end that runs: a PowerShell user reads -Force and
# -Repository, never tofu-oci's --force or --repository (docs/design.md "Errors"). HOME and the CLI
# configuration variables point into TestDrive, so the runner's own configuration is never read.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $script:Saved = @{}
    foreach ($name in 'HOME', 'USERPROFILE', 'APPDATA', 'XDG_CONFIG_HOME', 'TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR') {
        $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    $testHome = Join-Path $TestDrive 'home'
    $null = New-Item -ItemType Directory -Path $testHome -Force
    foreach ($name in 'HOME', 'USERPROFILE') { [Environment]::SetEnvironmentVariable($name, $testHome) }
    [Environment]::SetEnvironmentVariable('APPDATA', (Join-Path $testHome 'appdata'))
    foreach ($name in 'XDG_CONFIG_HOME', 'TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR') { [Environment]::SetEnvironmentVariable($name, $null) }
}

AfterAll {
    foreach ($entry in $script:Saved.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
}

Describe 'Core errors in PowerShell words' {
    It 'asks for -Force, not --force, when a version exists with other content' {
        $mirror = Get-LayoutRepository (Join-Path $TestDrive 'mirror')
        $first = New-TestRelease -Path (Join-Path $TestDrive 'one-platform') -Version '1.0.0' -Platform 'linux_amd64'
        $second = New-TestRelease -Path (Join-Path $TestDrive 'two-platforms') -Version '1.0.0' -Platform 'linux_amd64', 'windows_amd64'
        $null = Publish-TofuProvider -Path $first -Repository $mirror -ErrorAction Stop

        Publish-TofuProvider -Path $second -Repository $mirror -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ProviderVersionExists,OpenTofuOci.PowerShell.Commands.PublishTofuProviderCommand'
        $message = $err[0].Exception.Message
        $message | Should -BeLike '*replace it deliberately with -Force.'
        $message | Should -Not -BeLike '*--force*'
    }

    It 'names -Repository and -RepositoryTemplate, not --repository, when no oci_mirror is configured' {
        Install-TofuProvider -Source example/hello -Platform linux_amd64 -Destination (Join-Path $TestDrive 'plugins') `
            -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ProviderNotFound,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        $message = $err[0].Exception.Message
        $message | Should -BeLike '*name the repository with -Repository or -RepositoryTemplate.'
        $message | Should -Not -BeLike '*--repository*'
        $message | Should -Not -BeLike '*--template*'
        Test-Path -LiteralPath (Join-Path $TestDrive 'plugins') | Should -BeFalse
    }

    It 'names -PlainHttp for an address with a URL scheme (an error raised on the pipeline thread)' {
        Get-TofuOciTag -Repository https://registry.example/team/aws -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidReference,OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand'
        $err[0].Exception.Message | Should -BeLike '*(use -PlainHttp for http).'
    }

    It 'names -CertificateAuthorityPath in a TLS file error' {
        $missing = Join-Path $TestDrive 'missing-ca.pem'
        Get-TofuOciTag -Repository registry.invalid/x -CertificateAuthorityPath $missing -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TlsFileInvalid,*'
        $err[0].Exception.Message | Should -BeLike "The CA bundle (-CertificateAuthorityPath) ""$missing"" *"
        $err[0].Exception.Message | Should -Not -BeLike '*--ca-file*'
    }
}
