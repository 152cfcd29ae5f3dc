#Requires -Version 7.4

# Pipelines between the cmdlets carry where their objects came from: the source repository's plain
# HTTP, TLS and credential settings travel with Get-TofuOciTag and Get-TofuProviderVersion output, so
# the receiving cmdlet reads the source the way it was listed. Real docker-registry processes: one
# anonymous, one with htpasswd Basic auth (both plain HTTP).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule

    $script:Basic = Start-TestRegistry -Mode Basic
    $script:Plain = Start-TestRegistry -Mode Plain
    $script:Secret = $script:Basic.Password
    $script:Private = "$($script:Basic.Address)/tofu/example/hello"
    $script:Public = "$($script:Plain.Address)/src/example/hello"

    New-TestRelease -Path (Join-Path $TestDrive 'dist-1.0.0') -Version '1.0.0' -Platform 'linux_amd64', 'windows_amd64' | Out-Null
    New-TestRelease -Path (Join-Path $TestDrive 'dist-1.1.0') -Version '1.1.0' -Platform 'linux_amd64' | Out-Null
    foreach ($version in '1.0.0', '1.1.0') {
        $dist = Join-Path $TestDrive "dist-$version"
        $null = Publish-TofuProvider -Path $dist -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential -ErrorAction Stop
        $null = Publish-TofuProvider -Path $dist -Repository $script:Public -PlainHttp -ErrorAction Stop
    }

    $script:Digests = @{}
    Get-TofuProviderVersion -Source example/hello -Repository $script:Public -PlainHttp | ForEach-Object { $script:Digests[$_.Version] = $_.Digest }
    $script:Commands = 'OpenTofuOci.PowerShell.Commands'
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Get-TofuOciTag | Publish-TofuProvider' {
    It 'copies from an anonymous plain-HTTP registry into a layout, with -PlainHttp given only to Get-TofuOciTag' {
        $layout = Get-LayoutRepository (Join-Path $TestDrive 'from-public')

        $results = @(Get-TofuOciTag -Repository $script:Public -PlainHttp | Publish-TofuProvider -Repository $layout -ErrorAction Stop)

        $results.Tag | Should -Be @('1.0.0', '1.1.0')
        $results.Status | Should -Be @('Published', 'Published')
        $results | ForEach-Object { $_.SourceRepository | Should -Be $script:Public; $_.Digest | Should -Be $script:Digests[$_.Version] }
        (Get-TofuProviderVersion -Source example/hello -Repository $layout).Digest | Should -Be @($script:Digests['1.0.0'], $script:Digests['1.1.0'])
    }

    It 'reads a source that needs Basic auth with the -Credential given to Get-TofuOciTag, and writes to another registry' {
        $destination = "$($script:Plain.Address)/copy/example/hello"

        $results = @(Get-TofuOciTag -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential |
                Publish-TofuProvider -Repository $destination -PlainHttp -ErrorAction Stop)

        $results.Tag | Should -Be @('1.0.0', '1.1.0')
        $results | ForEach-Object { $_.Repository | Should -Be $destination; $_.Digest | Should -Be $script:Digests[$_.Version] }
        (Get-TofuOciTag -Repository $destination -PlainHttp).Tag | Should -Be @('1.0.0', '1.1.0')
    }

    It 'says how the source was reached in the piped object, without the secret' {
        $tag = Get-TofuOciTag -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential -Name 1.0.0

        $tag.Connection.Registry | Should -Be $script:Basic.Address
        $tag.Connection.PlainHttp | Should -BeTrue
        $tag.Connection.SkipCertificateCheck | Should -BeFalse
        $tag.Connection.CredentialSource | Should -Be 'user alice from -Credential'
        ($tag | ConvertTo-Json -Depth 6) | Should -Not -Match ([regex]::Escape($script:Secret))
        ($tag | Format-List * | Out-String) + ($tag.Connection | Format-List * | Out-String) + "$($tag.Connection)" |
            Should -Not -Match ([regex]::Escape($script:Secret))
    }

    It 'uses -SourceCredential instead of the credential the piped object carries' {
        $tags = @(Get-TofuOciTag -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential -Name 1.0.0)
        $wrong = New-TestCredential 'alice' 'not-the-password'
        $layout = Get-LayoutRepository (Join-Path $TestDrive 'source-credential')

        $tags | Publish-TofuProvider -Repository $layout -SourceCredential $wrong -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be "Unauthorized,$script:Commands.PublishTofuProviderCommand"

        ($tags | Publish-TofuProvider -Repository $layout -SourceCredential $script:Basic.Credential -ErrorAction Stop).Digest | Should -Be $script:Digests['1.0.0']
    }

    It 'finds the source''s credentials as tofu would (a Docker login) when none was given' {
        $homeDirectory = Join-Path $TestDrive 'home-docker'
        $null = New-TestDockerConfig -Directory (Join-Path $homeDirectory '.docker') -Registry $script:Basic.Address -UserName $script:Basic.UserName -Password $script:Secret
        $saved = $env:HOME
        $env:HOME = $homeDirectory
        try {
            $tags = @(Get-TofuOciTag -Repository $script:Private -PlainHttp -Name 1.1.0)
            $result = $tags | Publish-TofuProvider -Repository (Get-LayoutRepository (Join-Path $TestDrive 'from-docker-login')) -ErrorAction Stop
        }
        finally {
            $env:HOME = $saved
        }

        $tags[0].Connection.CredentialSource | Should -Be 'as tofu finds them'
        $result.Digest | Should -Be $script:Digests['1.1.0']
    }

    It 'writes one non-terminating error per failed item and goes on; -ErrorAction Stop ends with the same id' {
        $tags = @(Get-TofuOciTag -Repository $script:Public -PlainHttp)

        $results = @($tags | Publish-TofuProvider -Repository $script:Public -PlainHttp -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be "InvalidArgument,$script:Commands.PublishTofuProviderCommand"
            $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        $failures.TargetObject | Should -Be @("${script:Public}:1.0.0", "${script:Public}:1.1.0")

        $caught = $null
        try { $tags | Publish-TofuProvider -Repository $script:Public -PlainHttp -ErrorAction Stop }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "InvalidArgument,$script:Commands.PublishTofuProviderCommand"
        $caught.TargetObject | Should -Be "${script:Public}:1.0.0"
    }
}

Describe 'Get-TofuProviderVersion | Install-TofuProvider and Update-TofuLockFile' {
    It 'installs every piped version from its own repository with no -Repository, reading it as it was listed (Basic auth, plain HTTP)' {
        $destination = Join-Path $TestDrive 'installed'

        $packages = @(Get-TofuProviderVersion -Source example/hello -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential |
                Install-TofuProvider -Destination $destination -Platform linux_amd64 -PassThru -ErrorAction Stop)

        $packages.Version | Should -Be @('1.0.0', '1.1.0')
        $packages.Status | Should -Be @('Installed', 'Installed')
        foreach ($p in $packages) {
            $p.Path | Should -Be (Join-Path $destination "registry.opentofu.org/example/hello/$($p.Version)/linux_amd64")
            Get-Content -LiteralPath (Join-Path $p.Path "terraform-provider-hello_v$($p.Version)") -Raw | Should -Be "#!/bin/sh`necho hello $($p.Version) linux_amd64`n"
        }
    }

    It 'installs the version a template listing selected, for the platform asked' {
        $destination = Join-Path $TestDrive 'template-installed'
        $template = "$($script:Basic.Address)/tofu/`${namespace}/`${type}"

        $package = Get-TofuProviderVersion -Source example/hello -RepositoryTemplate $template -PlainHttp -Credential $script:Basic.Credential |
            Where-Object Version -EQ '1.0.0' |
            Install-TofuProvider -Destination $destination -Platform windows_amd64 -Packed -PassThru -ErrorAction Stop

        $package.Path | Should -Be (Join-Path $destination 'registry.opentofu.org/example/hello/terraform-provider-hello_1.0.0_windows_amd64.zip')
        $package.Zh | Should -Be ('zh:' + (Get-FileHash -LiteralPath (Join-Path $TestDrive 'dist-1.0.0/terraform-provider-hello_1.0.0_windows_amd64.zip') -Algorithm SHA256).Hash.ToLowerInvariant())
    }

    It 'records every piped version in a lock file' {
        $lockFile = Join-Path $TestDrive 'piped.lock.hcl'

        $entries = @(Get-TofuProviderVersion -Source example/hello -Repository $script:Private -PlainHttp -Credential $script:Basic.Credential |
                Where-Object Version -EQ '1.0.0' |
                Update-TofuLockFile -Path $lockFile -Platform linux_amd64, windows_amd64 -PassThru -ErrorAction Stop)

        $entries.Platform | Should -Be @('linux_amd64', 'windows_amd64')
        $lock = Get-Content -LiteralPath $lockFile -Raw
        $lock | Should -Match 'version     = "1.0.0"'
        $entries | ForEach-Object { $lock | Should -Match ([regex]::Escape($_.H1)) }
    }
}

Describe 'Tab completion of -Repository' {
    BeforeAll {
        $script:Completion = Join-Path $TestDrive 'completion'
        $null = New-Item -ItemType Directory -Path (Join-Path $script:Completion 'mirrors/aws'), (Join-Path $script:Completion 'mirrors/azurerm'), (Join-Path $script:Completion 'modules') -Force
        $null = New-Item -ItemType File -Path (Join-Path $script:Completion 'mirrors/a-file')
    }

    It 'completes layout directories relative to the PowerShell location for <Command>' -ForEach @(
        @{ Command = 'Get-TofuOciTag' }, @{ Command = 'Publish-TofuProvider' }, @{ Command = 'Install-TofuProvider' }, @{ Command = 'Get-TofuProviderVersion' }
    ) {
        Push-Location $script:Completion
        try {
            $line = "$Command -Repository oci-layout:./mirrors/a"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        }
        finally {
            Pop-Location
        }

        $completions | Should -Be @('oci-layout:./mirrors/aws', 'oci-layout:./mirrors/azurerm')
    }

    It 'offers the oci-layout: prefix' {
        $line = 'Get-TofuOciTag -Repository oci-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'oci-layout:'
    }
}

Describe 'Table views' {
    It 'shows the whole package path in an 80-column table' {
        $deep = Join-Path $TestDrive ('a-rather-long-directory-name-for-providers/' * 3)
        $package = Install-TofuProvider -PassThru -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Destination $deep -ErrorAction Stop

        $text = $package | Format-Table | Out-String -Width 80

        $text | Should -Not -Match '…'
        ($text -replace '\s', '') | Should -Match ([regex]::Escape(($package.Path -replace '\s', '')))
    }

    It 'shows the platforms and the whole digest of each version' {
        $text = Get-TofuProviderVersion -Source example/hello -Repository $script:Public -PlainHttp | Format-Table | Out-String -Width 120

        $text | Should -Match 'Platforms'
        $text | Should -Match 'linux_amd64, windows_amd64'
        ($text -replace '\s', '') | Should -Match ([regex]::Escape($script:Digests['1.0.0']))
        $text | Should -Not -Match '…'
    }
}

Describe 'CLI configuration warnings' {
    It 'are written once per command, not once per piped item' {
        $config = Join-Path $TestDrive 'warning.tofurc'
        Set-Content -LiteralPath $config -Value @"
provider_installation {
  oci_mirror {
    repository_template = "$($script:Plain.Address)/src/`${namespace}/`${type}"
    include             = ["registry.opentofu.org/example/*"]
  }
  direct {}
}
"@
        $saved = $env:TF_CLI_CONFIG_FILE
        $env:TF_CLI_CONFIG_FILE = $config
        try {
            $packages = @('example/hello', 'example/hello', 'example/hello' |
                    Install-TofuProvider -Destination (Join-Path $TestDrive 'config-warning') -Platform linux_amd64 -PlainHttp -PassThru -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop)
        }
        finally {
            $env:TF_CLI_CONFIG_FILE = $saved
        }

        $packages.Status | Should -Be @('Installed', 'AlreadyPresent', 'AlreadyPresent')
        @($warnings | Where-Object { "$_" -match 'direct installation method is not handled' }).Count | Should -Be 1
    }
}

Describe 'ForEach-Object -Parallel' {
    It 'runs the pipelines in parallel runspaces, each with its own connection' {
        $manifest = Get-StagedModulePath
        $private = $script:Private
        $credential = $script:Basic.Credential
        $root = Join-Path $TestDrive 'parallel'

        $results = @(1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:manifest
                Get-TofuOciTag -Repository $using:private -PlainHttp -Credential $using:credential |
                    Publish-TofuProvider -Repository "oci-layout:$($using:root)/$_" -ErrorAction Stop
            })

        $results.Count | Should -Be 8
        $results | ForEach-Object { $_.Digest | Should -Be $script:Digests[$_.Version] }
        ($results.Repository | Sort-Object -Unique).Count | Should -Be 4
    }
}

Describe 'Quiet unless -PassThru (as PSResourceGet)' {
    It 'Install-TofuProvider and Update-TofuLockFile write nothing without -PassThru, and their results with it' {
        $destination = Join-Path $TestDrive 'quiet'
        $lockFile = Join-Path $TestDrive 'quiet.lock.hcl'

        Install-TofuProvider -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Destination $destination -ErrorAction Stop | Should -BeNullOrEmpty
        Update-TofuLockFile -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Path $lockFile -ErrorAction Stop | Should -BeNullOrEmpty

        Test-Path -LiteralPath (Join-Path $destination 'registry.opentofu.org/example/hello/1.1.0/linux_amd64') | Should -BeTrue
        (Install-TofuProvider -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Destination $destination -PassThru).Status | Should -Be 'AlreadyPresent'
        (Update-TofuLockFile -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Path $lockFile -PassThru).LockFile | Should -Be $lockFile
    }

    It 'Install-TofuProvider says what it did in -Verbose without -PassThru' {
        $lines = Install-TofuProvider -Source example/hello -Repository $script:Public -PlainHttp -Platform linux_amd64 -Destination (Join-Path $TestDrive 'quiet') -Verbose 4>&1 |
            ForEach-Object { "$_" }

        $lines | Should -Contain "registry.opentofu.org/example/hello 1.1.0 linux_amd64: AlreadyPresent at $(Join-Path $TestDrive 'quiet/registry.opentofu.org/example/hello/1.1.0/linux_amd64')."
    }

    It 'Connect-TofuOciRegistry and Disconnect-TofuOciRegistry write the login only with -PassThru' {
        $saved = $env:HOME
        $env:HOME = Join-Path $TestDrive 'connect-home'
        try {
            Connect-TofuOciRegistry -Registry $script:Basic.Address -Credential $script:Basic.Credential -PlainHttp -Confirm:$false | Should -BeNullOrEmpty
            $login = Connect-TofuOciRegistry -Registry $script:Basic.Address -Credential $script:Basic.Credential -PlainHttp -Confirm:$false -PassThru
            Disconnect-TofuOciRegistry -Registry $script:Basic.Address -Confirm:$false | Should -BeNullOrEmpty
        }
        finally {
            $env:HOME = $saved
        }

        $login.Registry | Should -Be $script:Basic.Address
        $login.Verified | Should -BeTrue
    }
}
