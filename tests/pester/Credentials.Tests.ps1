#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Credential discovery, login and logout cmdlets, against the staged module (out/OpenTofuOci). HOME and
# the XDG variables point into TestDrive so the runner's own credentials are never read or changed.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $manifest = Join-Path $repoRoot 'out/OpenTofuOci/OpenTofuOci.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest; run ./build.ps1 -Task Package first."
    }

    Import-Module $manifest -Force -ErrorAction Stop
    $script:Saved = @{}
    foreach ($name in 'HOME', 'USERPROFILE', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'TF_CLI_CONFIG_FILE', 'APPDATA') {
        $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    function Set-TestHome {
        $testHome = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $testHome '.docker') -Force
        foreach ($name in 'HOME', 'USERPROFILE') { [Environment]::SetEnvironmentVariable($name, $testHome) }
        [Environment]::SetEnvironmentVariable('APPDATA', (Join-Path $testHome 'appdata'))
        foreach ($name in 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'TF_CLI_CONFIG_FILE') { [Environment]::SetEnvironmentVariable($name, $null) }
        $testHome
    }

    function ConvertTo-Auth([string]$User, [string]$Password) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${User}:${Password}"))
    }
}

AfterAll {
    foreach ($entry in $script:Saved.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
}

Describe 'Get-TofuOciCredentialSource' {
    It 'names the docker config entry that matches most specifically, never the password' {
        $testHome = Set-TestHome
        $config = Join-Path $testHome '.docker/config.json'
        $auths = @{
            'registry.example.com'        = @{ auth = ConvertTo-Auth 'domain-user' 'Domain-Secret-1' }
            'registry.example.com/team-a' = @{ auth = ConvertTo-Auth 'team-user' 'Team-Secret-2' }
        }
        @{ auths = $auths } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $config

        $a = Get-TofuOciCredentialSource -Repository registry.example.com/team-a/aws
        $a.Location | Should -Be $config
        $a.Key | Should -Be 'auths["registry.example.com/team-a"]'
        $a.Specificity | Should -Be 'repository (1 path segment)'
        $a.Source | Should -Be "$config entry for registry.example.com/team-a (user team-user)"

        $b = 'registry.example.com/team-b/aws' | Get-TofuOciCredentialSource
        $b.Key | Should -Be 'auths["registry.example.com"]'
        $b.Specificity | Should -Be 'domain'

        ($a, $b | Format-List * | Out-String) | Should -Not -Match 'Secret-'
    }

    It 'says anonymous when nothing matches' {
        $null = Set-TestHome
        $r = Get-TofuOciCredentialSource other.example/x
        $r.Source | Should -Be 'anonymous (no credentials found for other.example/x)'
        $r.Kind | Should -BeNullOrEmpty
        $r.Searched | Should -HaveCount 0
    }

    It 'refuses a layout directory' {
        $null = Set-TestHome
        Get-TofuOciCredentialSource oci-layout:./mirror -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
    }
}

Describe 'Connect-TofuOciRegistry and Disconnect-TofuOciRegistry' {
    It 'declares ShouldProcess and changes nothing with -WhatIf' {
        $testHome = Set-TestHome
        $cred = [pscredential]::new('alice', (ConvertTo-SecureString 'Never-Shown-3' -AsPlainText -Force))
        Connect-TofuOciRegistry -Registry registry.example.com -Credential $cred -WhatIf
        Test-Path (Join-Path $testHome '.docker/config.json') | Should -BeFalse
        (Get-Command Connect-TofuOciRegistry).Parameters.ContainsKey('WhatIf') | Should -BeTrue
        (Get-Command Disconnect-TofuOciRegistry).Parameters.ContainsKey('Confirm') | Should -BeTrue
    }

    It 'removes only the registry entry on logout and keeps other fields' {
        $testHome = Set-TestHome
        $config = Join-Path $testHome '.docker/config.json'
        @{ auths = @{ 'registry.example.com' = @{ auth = ConvertTo-Auth 'u' 'p' }; 'other.example' = @{ auth = ConvertTo-Auth 'o' 'q' } }; psFormat = 'x' } |
            ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $config
        $r = Disconnect-TofuOciRegistry -Registry registry.example.com -Confirm:$false -PassThru
        $r.Changed | Should -BeTrue
        $r.Store | Should -Be @($config)
        $json = Get-Content -LiteralPath $config -Raw | ConvertFrom-Json -AsHashtable
        $json.auths.Keys | Should -Be @('other.example')
        $json.psFormat | Should -Be 'x'
        (Disconnect-TofuOciRegistry registry.example.com -Confirm:$false -PassThru).Changed | Should -BeFalse
    }

    It 'reports an unreachable registry without storing anything or showing the password' {
        $testHome = Set-TestHome
        $cred = [pscredential]::new('alice', (ConvertTo-SecureString 'Never-Shown-4' -AsPlainText -Force))
        Connect-TofuOciRegistry -Registry 127.0.0.1:1 -Credential $cred -PlainHttp -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        ($err | Out-String) | Should -Not -Match 'Never-Shown'
        Test-Path (Join-Path $testHome '.docker/config.json') | Should -BeFalse
    }
}

Describe 'DOCKER_CONFIG' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:SavedDockerConfig = $env:DOCKER_CONFIG
        $script:Registry = Start-TestRegistry -Mode Basic
    }

    AfterAll {
        $env:DOCKER_CONFIG = $script:SavedDockerConfig
        Stop-TestRegistry $script:Registry
    }

    AfterEach {
        $env:DOCKER_CONFIG = $script:SavedDockerConfig
    }

    It 'logs in to $DOCKER_CONFIG/config.json, says tofu will not see it, and the next cmdlets use it' {
        $testHome = Set-TestHome
        $directory = Join-Path $TestDrive 'ci-docker-config'
        $expected = Join-Path $directory 'config.json'
        $env:DOCKER_CONFIG = $directory
        $address = $script:Registry.Address

        $login = Connect-TofuOciRegistry -Registry $address -Credential $script:Registry.Credential -PlainHttp -Confirm:$false -PassThru `
            -WarningVariable loginWarnings -WarningAction SilentlyContinue

        $login.Store | Should -Be @($expected)
        (Get-Content -LiteralPath $expected -Raw | ConvertFrom-Json -AsHashtable).auths.Keys | Should -Be @($address)
        Test-Path -LiteralPath (Join-Path $testHome '.docker/config.json') | Should -BeFalse
        $loginWarnings.Count | Should -Be 1
        "$($loginWarnings[0])" | Should -BeLike "DOCKER_CONFIG is set, so the login was stored in $expected*OpenTofu does not read DOCKER_CONFIG*docker_style_config_files*"

        $source = Get-TofuOciCredentialSource "$address/team/vpc" -WarningVariable sourceWarnings -WarningAction SilentlyContinue
        $source.Location | Should -Be $expected
        $source.Key | Should -Be "auths[""$address""]"
        $sourceWarnings.Count | Should -Be 1
        "$($sourceWarnings[0])" | Should -BeLike "DOCKER_CONFIG is set, so $expected is read in place of $(Join-Path $testHome '.docker/config.json')*OpenTofu does not read DOCKER_CONFIG*"

        # Pushing needs the login: the registry refuses anonymous access.
        $module = Join-Path $TestDrive 'docker-config-module'
        $null = New-Item -ItemType Directory -Path $module -Force
        Set-Content -LiteralPath (Join-Path $module 'main.tf') -Value 'output "x" { value = 1 }' -NoNewline
        $published = Publish-TofuModule -Path $module -Repository "$address/team/vpc" -Tag '1.0.0' -PlainHttp -ErrorAction Stop
        $published.Digest | Should -Match '^sha256:[0-9a-f]{64}$'

        $logout = Disconnect-TofuOciRegistry -Registry $address -Confirm:$false -PassThru -WarningAction SilentlyContinue
        $logout.Changed | Should -BeTrue
        $logout.Store | Should -Be @($expected)
        (Get-Content -LiteralPath $expected -Raw | ConvertFrom-Json -AsHashtable).auths.Keys.Count | Should -Be 0
        Test-Path -LiteralPath (Join-Path $testHome '.docker/config.json') | Should -BeFalse
    }
}
