#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Hostile local files must end in an error record, never in a crash: a stack overflow in the parser
# would kill this whole pwsh session (and with it the rest of the suite). HOME and the CLI
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
    $script:Deep = 'nested more than 64 levels deep — flatten the file: lock files and CLI configurations never nest this deep, so it is likely damaged or hostile'
}

AfterAll {
    foreach ($entry in $script:Saved.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
}

Describe 'Files nested 100,000 levels deep' {
    It 'a lock file gives an InvalidLockFile error record with its position, and the session goes on' {
        $lockFile = Join-Path $TestDrive '.terraform.lock.hcl'
        Set-Content -LiteralPath $lockFile -NoNewline -Value ("provider `"registry.opentofu.org/a/b`" {`n  hashes = " + ('[' * 100000) + "`n}`n")

        Update-TofuLockFile -Source a/b -Repository (Get-LayoutRepository (Join-Path $TestDrive 'layout')) -Path $lockFile `
            -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidLockFile,OpenTofuOci.PowerShell.Commands.UpdateTofuLockFileCommand'
        $err[0].Exception.Message | Should -Be "${lockFile}:2:75: Invalid lock file syntax: ${lockFile}:2:75: this list is $script:Deep"
        $PID | Should -BeGreaterThan 0
    }

    It 'a CLI configuration gives an InvalidCliConfiguration error record with its position, and the session goes on' {
        $config = Join-Path $TestDrive 'c.tfrc'
        Set-Content -LiteralPath $config -NoNewline -Value ("provider_installation {`n" + ("oci_mirror {`n" * 100000))
        [Environment]::SetEnvironmentVariable('TF_CLI_CONFIG_FILE', $config)
        try {
            Install-TofuProvider -Source a/b -Platform linux_amd64 -Destination (Join-Path $TestDrive 'plugins') `
                -ErrorVariable err -ErrorAction SilentlyContinue
        }
        finally {
            [Environment]::SetEnvironmentVariable('TF_CLI_CONFIG_FILE', $null)
        }

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidCliConfiguration,OpenTofuOci.PowerShell.Commands.InstallTofuProviderCommand'
        $err[0].Exception.Message | Should -Be "Failed to parse CLI configuration: ${config}:65:12: this block is $script:Deep"
        Test-Path -LiteralPath (Join-Path $TestDrive 'plugins') | Should -BeFalse
    }
}
