#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Runs against the staged module (out/OpenTofuOci, made by ./build.ps1 -Task Package), so it tests
# what users install: manifest, format file and help included.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $manifest = Join-Path $repoRoot 'out/OpenTofuOci/OpenTofuOci.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest; run ./build.ps1 -Task Package first."
    }

    Import-Module $manifest -Force -ErrorAction Stop
    $script:ErrorIdSuffix = ',OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand'

    # Writes a blob into the layout and returns its descriptor.
    function Add-LayoutBlob {
        param([string]$Layout, [string]$MediaType, [byte[]]$Bytes)
        $hex = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant()
        [System.IO.File]::WriteAllBytes((Join-Path $Layout "blobs/sha256/$hex"), $Bytes)
        [ordered]@{ mediaType = $MediaType; digest = "sha256:$hex"; size = $Bytes.Length }
    }

    # A minimal OCI image layout by hand: one manifest (empty config, one zip layer) under several tags.
    function New-TestLayout {
        param([string]$Path, [string[]]$Tag)
        $null = New-Item -ItemType Directory -Path (Join-Path $Path 'blobs/sha256') -Force
        $utf8 = [System.Text.UTF8Encoding]::new($false)
        [System.IO.File]::WriteAllText((Join-Path $Path 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}', $utf8)

        $config = Add-LayoutBlob -Layout $Path -MediaType 'application/vnd.oci.empty.v1+json' -Bytes $utf8.GetBytes('{}')
        $layer = Add-LayoutBlob -Layout $Path -MediaType 'application/zip' -Bytes $utf8.GetBytes('not really a zip')
        $manifestJson = [ordered]@{
            schemaVersion = 2
            mediaType     = 'application/vnd.oci.image.manifest.v1+json'
            artifactType  = 'application/vnd.opentofu.provider-target'
            config        = $config
            layers        = @($layer)
        } | ConvertTo-Json -Depth 5 -Compress
        $manifestDescriptor = Add-LayoutBlob -Layout $Path -MediaType 'application/vnd.oci.image.manifest.v1+json' -Bytes $utf8.GetBytes($manifestJson)

        $entries = foreach ($t in $Tag) {
            [ordered]@{
                mediaType   = $manifestDescriptor.mediaType
                digest      = $manifestDescriptor.digest
                size        = $manifestDescriptor.size
                annotations = @{ 'org.opencontainers.image.ref.name' = $t }
            }
        }

        $index = [ordered]@{
            schemaVersion = 2
            mediaType     = 'application/vnd.oci.image.index.v1+json'
            manifests     = @($entries)
        } | ConvertTo-Json -Depth 5
        [System.IO.File]::WriteAllText((Join-Path $Path 'index.json'), $index, $utf8)
    }
}

Describe 'Get-TofuOciTag' {
    BeforeAll {
        $script:Layout = Join-Path $TestDrive 'mirror'
        New-TestLayout -Path $script:Layout -Tag '1.0.0', 'latest', '1.0.0_fips', '0.9.1'
        $script:LayoutRepository = "oci-layout:$([System.IO.Path]::GetFullPath($script:Layout))"
    }

    Context 'listing a layout' {
        It 'lists every tag, versions first in version order, with the canonical version' {
            $tags = @(Get-TofuOciTag -Repository $script:LayoutRepository)

            $tags.Tag | Should -Be @('0.9.1', '1.0.0', '1.0.0_fips', 'latest')
            $tags[0..2].Version | Should -Be @('0.9.1', '1.0.0', '1.0.0+fips')
            $tags[3].Version | Should -BeNullOrEmpty
            $tags | ForEach-Object { $_.Repository | Should -Be $script:LayoutRepository }
        }

        It 'writes TofuOciTagInfo objects that have a table view' {
            $tag = Get-TofuOciTag -Repository $script:LayoutRepository | Select-Object -First 1

            $tag.PSObject.TypeNames[0] | Should -Be 'OpenTofuOci.PowerShell.Output.TofuOciTagInfo'
            Get-FormatData -TypeName 'OpenTofuOci.PowerShell.Output.TofuOciTagInfo' | Should -Not -BeNullOrEmpty
        }

        It 'resolves a relative layout path against the current location and outputs it absolute' {
            Push-Location -LiteralPath $TestDrive
            try {
                $tags = @(Get-TofuOciTag -Repository 'oci-layout:mirror')
            }
            finally {
                Pop-Location
            }

            $tags.Count | Should -Be 4
            $tags[0].Repository | Should -Be $script:LayoutRepository
        }

        It 'filters by -Name wildcards, ignoring case' {
            (Get-TofuOciTag $script:LayoutRepository -Name '1.*').Tag | Should -Be @('1.0.0', '1.0.0_fips')
            (Get-TofuOciTag $script:LayoutRepository -Name 'LATEST').Tag | Should -Be 'latest'
        }

        It 'leaves out tags that are not versions with -VersionOnly' {
            (Get-TofuOciTag $script:LayoutRepository -VersionOnly).Tag | Should -Not -Contain 'latest'
        }

        It 'binds its own output by property name' {
            $again = @(Get-TofuOciTag $script:LayoutRepository | Select-Object -First 1 | Get-TofuOciTag)
            $again.Count | Should -Be 4
        }

        It 'says on -Verbose which layout it read' {
            $verbose = Get-TofuOciTag $script:LayoutRepository -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -BeLike "*$([System.IO.Path]::GetFullPath($script:Layout))*"
        }

        It 'warns that -PlainHttp does not apply to a layout' {
            $null = Get-TofuOciTag $script:LayoutRepository -PlainHttp -WarningVariable warnings -WarningAction SilentlyContinue
            ($warnings -join "`n") | Should -BeLike '*-PlainHttp*'
        }
    }

    Context 'errors' {
        It 'reports a missing layout as NotFound with the address as target' {
            $missing = "oci-layout:$(Join-Path $TestDrive 'no-such-layout')"
            $err = $null
            $null = Get-TofuOciTag -Repository $missing -ErrorVariable err -ErrorAction SilentlyContinue

            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "NotFound$script:ErrorIdSuffix"
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Not -BeNullOrEmpty
            $err[0].TargetObject | Should -Not -BeOfType [System.Management.Automation.Cmdlet]
        }

        It 'throws NotFound with -ErrorAction Stop' {
            { Get-TofuOciTag -Repository "oci-layout:$(Join-Path $TestDrive 'no-such-layout')" -ErrorAction Stop } |
                Should -Throw -ErrorId "NotFound$script:ErrorIdSuffix"
        }

        It 'rejects a repository that names a tag as InvalidReference' {
            $err = $null
            $null = Get-TofuOciTag -Repository 'localhost:5000/providers/aws:1.0.0' -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -Be "InvalidReference$script:ErrorIdSuffix"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be 'localhost:5000/providers/aws:1.0.0'
        }

        It 'reports a -Name without wildcards that matches nothing' {
            $err = $null
            $null = Get-TofuOciTag $script:LayoutRepository -Name '9.9.9' -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -Be "NotFound$script:ErrorIdSuffix"
            $err[0].TargetObject | Should -Be "$($script:LayoutRepository):9.9.9"
        }

        It 'goes on with the next repository after a failed one' {
            $err = $null
            $repositories = "oci-layout:$(Join-Path $TestDrive 'no-such-layout')", $script:LayoutRepository
            $tags = @($repositories | Get-TofuOciTag -ErrorVariable err -ErrorAction SilentlyContinue)

            $tags.Count | Should -Be 4
            $err.Count | Should -Be 1
        }
    }

    Context 'command surface' {
        It 'has help' {
            (Get-Help Get-TofuOciTag).Synopsis | Should -BeLike 'Lists the tags*'
        }

        It 'accepts wildcards in -Name only' {
            $command = Get-Command Get-TofuOciTag
            $command.Parameters['Name'].Attributes.TypeId.Name | Should -Contain 'SupportsWildcardsAttribute'
            $command.Parameters['Repository'].Attributes.TypeId.Name | Should -Not -Contain 'SupportsWildcardsAttribute'
        }
    }
}
