#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

<#
Runs every example of every cmdlet's help, taken from what Get-Help shows (the staged MAML, not the
markdown), one test per example, each in a fresh child `pwsh -NoProfile -NonInteractive` with the
staged module imported and $ErrorActionPreference = 'Stop': an example that fails fails its test
with the example's own error. Examples are written as a user would type them; this is the world
they run in (docs/design.md "Help examples that run"):

Registry   registry.example.com is a real docker-registry over TLS with htpasswd (Start-TestRegistry
           -Mode TlsBasic). The ONE substitution: every "registry.example.com" in an example's code
           is replaced by that registry's 127.0.0.1:PORT. Examples that talk to a registry use
           exactly that host name.
Trust      SSL_CERT_FILE names the registry's private CA (honoured on Linux, as OpenTofu does), so
           no example needs -CertificateAuthorityPath or -SkipCertificateCheck.
Login      $HOME is a fresh directory whose .docker/config.json holds a `docker login` entry for the
           registry, so no example needs -Credential unless it demonstrates it.
CLI config $HOME/.tofurc maps registry.opentofu.org/*/* to
           registry.example.com/opentofu-providers/${namespace}/${type} (oci_mirror) and sets
           plugin_cache_dir = "$HOME/.terraform.d/plugin-cache".
Registry   registry.example.com/opentofu-providers/hashicorp/aws     5.99.0, 5.100.0, 6.0.0, 6.0.0+fips
content    registry.example.com/opentofu-providers/hashicorp/random  3.6.3, 3.7.2
           (every version for linux_amd64, linux_arm64, darwin_arm64 and windows_amd64)
           registry.example.com/modules/vpc                          tags 1.4.0 and latest (./modules/vpc)
Current    ./dist            the release of example/hello 1.2.0: linux_amd64 and windows_amd64 zips, SHA256SUMS
directory  ./mirror/aws      an OCI image layout holding hashicorp/aws 5.100.0 and 6.0.0
           ./providers-mirror  hashicorp/random 3.6.3 and 3.7.2 as `tofu providers mirror` writes them (packed)
           ./config          a root module: hashicorp/aws ~> 5.0 and module vpc from registry.example.com/modules/vpc:1.4.0
           ./modules/vpc     a module: main.tf, variables.tf, outputs.tf, modules/endpoints/,
                             examples/complete/, tests/, a .terraform/ directory
Variables  $credential       a PSCredential for the registry's user (what Get-Credential or a
                             secret store would give a user)
Everything but the registry is fresh for each example. What an example's remarks promise is checked
by its entry in $Outcomes below (every example needs one).
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    $examples = foreach ($cmdlet in (Get-Module OpenTofuOci).ExportedCmdlets.Keys | Sort-Object) {
        $number = 0
        foreach ($example in (Get-Help $cmdlet -Full).examples.example) {
            $number++
            @{
                Cmdlet = $cmdlet
                Number = $number
                Title  = ($example.title -replace '^[-\s]+|[-\s]+$', '')
                Code   = [string]$example.code
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule

    $script:Registry = Start-TestRegistry -Mode TlsBasic
    $script:Address = $script:Registry.Address
    # How the test itself reaches the registry (its own environment is not the examples' sandbox).
    $script:Reach = @{ CertificateAuthorityPath = $script:Registry.CaFile; Credential = $script:Registry.Credential }
    $script:Template = Join-Path $TestDrive 'template'
    $work = Join-Path $script:Template 'work'
    $sandboxHome = Join-Path $script:Template 'home'

    # Provider releases in the registry, and two of them in ./mirror/aws.
    $platforms = 'linux_amd64', 'linux_arm64', 'darwin_arm64', 'windows_amd64'
    foreach ($release in @(
            @{ Type = 'aws'; Versions = '5.99.0', '5.100.0', '6.0.0', '6.0.0+fips' },
            @{ Type = 'random'; Versions = '3.6.3', '3.7.2' })) {
        foreach ($version in $release.Versions) {
            $directory = Join-Path $TestDrive "releases/$($release.Type)_$version"
            $null = New-TestRelease -Path $directory -Type $release.Type -Version $version -Platform $platforms
            $null = Publish-TofuProvider -LiteralPath $directory -Repository "$script:Address/opentofu-providers/hashicorp/$($release.Type)" @script:Reach
            if ($release.Type -eq 'aws' -and $version -in '5.100.0', '6.0.0') {
                $null = Publish-TofuProvider -LiteralPath $directory -Repository (Get-LayoutRepository (Join-Path $work 'mirror/aws'))
            }
        }
    }

    $null = New-TestRelease -Path (Join-Path $work 'dist') -Type hello -Version 1.2.0 -Platform linux_amd64, windows_amd64

    # ./providers-mirror: hashicorp/random 3.6.3 and 3.7.2 as `tofu providers mirror` writes them (packed:
    # the zips, index.json and VERSION.json with each zip's h1: hash, computed as Go's dirhash does).
    $randomZips = foreach ($version in '3.6.3', '3.7.2') { Get-ChildItem -LiteralPath (Join-Path $TestDrive "releases/random_$version") -Filter '*.zip' | ForEach-Object FullName }
    Write-TestMirrorDirectory -Root (Join-Path $work 'providers-mirror') -Address registry.opentofu.org/hashicorp/random -Zip $randomZips

    # A module directory as a team keeps it, published under 1.4.0 and latest.
    $module = Join-Path $work 'modules/vpc'
    $files = @{
        'main.tf'                         = "resource `"aws_vpc`" `"this`" {`n  cidr_block = var.cidr_block`n}`n"
        'variables.tf'                    = "variable `"cidr_block`" {`n  type = string`n}`n"
        'outputs.tf'                      = "output `"vpc_id`" {`n  value = aws_vpc.this.id`n}`n"
        'modules/endpoints/main.tf'       = "variable `"vpc_id`" {`n  type = string`n}`n"
        'examples/complete/main.tf'       = "module `"vpc`" {`n  source     = `"../..`"`n  cidr_block = `"10.0.0.0/16`"`n}`n"
        'tests/defaults.tftest.hcl'       = "run `"plan`" {`n  command = plan`n}`n"
        '.terraform/modules/modules.json' = "{}`n"
    }
    foreach ($file in $files.GetEnumerator()) {
        $path = Join-Path $module $file.Key
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force
        [System.IO.File]::WriteAllText($path, $file.Value)
    }

    $null = Publish-TofuModule -LiteralPath $module -Repository "$script:Address/modules/vpc" -Tag '1.4.0', 'latest' @script:Reach

    # ./config: a root module that needs hashicorp/aws ~> 5.0 (so 5.100.0) and the vpc module by tag.
    $config = Join-Path $work 'config'
    $null = New-Item -ItemType Directory -Path $config -Force
    [System.IO.File]::WriteAllText((Join-Path $config 'main.tf'),
        "terraform {`n  required_providers {`n    aws = { source = `"hashicorp/aws`", version = `"~> 5.0`" }`n  }`n}`n`nmodule `"vpc`" {`n  source = `"oci://$script:Address/modules/vpc?tag=1.4.0`"`n}`n")

    # The user's home: a docker login, a CLI configuration, a plugin cache.
    $null = New-TestDockerConfig -Directory (Join-Path $sandboxHome '.docker') -Registry $script:Address -UserName $script:Registry.UserName -Password $script:Registry.Password
    $null = New-Item -ItemType Directory -Path (Join-Path $sandboxHome '.terraform.d/plugin-cache') -Force
    $tofurc = @(
        'provider_installation {'
        '  oci_mirror {'
        "    repository_template = `"$script:Address/opentofu-providers/`${namespace}/`${type}`""
        '    include             = ["registry.opentofu.org/*/*"]'
        '  }'
        '}'
        ''
        'plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"'
    )
    [System.IO.File]::WriteAllLines((Join-Path $sandboxHome '.tofurc'), [string[]]$tofurc)

    # pwsh as this process runs it: the apphost, or dotnet with pwsh.dll (the .NET tool).
    $script:PwshFile = [Environment]::ProcessPath
    $script:PwshPrefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($script:PwshFile) -eq 'dotnet') {
        $script:PwshPrefix = @(Join-Path $PSHOME 'pwsh.dll')
    }

    $script:Count = 0

    # Runs one example's code in a fresh copy of the sandbox; returns what a user would have seen.
    function Invoke-Example([string]$Code) {
        $script:Count++
        $root = Join-Path $TestDrive "example-$script:Count"
        Copy-Item -LiteralPath $script:Template -Destination $root -Recurse
        $run = [pscustomobject]@{
            Work     = Join-Path $root 'work'
            Home     = Join-Path $root 'home'
            Code     = $Code.Replace('registry.example.com', $script:Address)
            ExitCode = $null
            Output   = $null
            Objects  = @()
        }

        $scriptPath = Join-Path $root 'example.ps1'
        $prologue = @(
            '$ErrorActionPreference = ''Stop'''
            '$ProgressPreference = ''SilentlyContinue'''
            '$PSStyle.OutputRendering = ''PlainText'''
            "Import-Module '$((Get-StagedModulePath).Replace("'", "''"))'"
            '$credential = [pscredential]::new($env:EXAMPLE_USER, (ConvertTo-SecureString $env:EXAMPLE_PASSWORD -AsPlainText -Force))'
            'Remove-Item Env:EXAMPLE_PASSWORD'
            "Set-Location -LiteralPath '$($run.Work.Replace("'", "''"))'"
        )
        # The example runs as written (dot-sourced, so it behaves as typed at the prompt); what it
        # writes is shown as usual and also kept, so the checks below read objects, not table text.
        $objects = Join-Path $root 'output.clixml'
        $body = @('. {', $run.Code, "} | Tee-Object -Variable exampleOutput", "`$exampleOutput | Export-Clixml -LiteralPath '$($objects.Replace("'", "''"))' -Depth 5")
        [System.IO.File]::WriteAllText($scriptPath, (($prologue + $body) -join "`n") + "`n")

        $start = [System.Diagnostics.ProcessStartInfo]::new($script:PwshFile)
        foreach ($argument in $script:PwshPrefix + @('-NoProfile', '-NonInteractive', '-File', $scriptPath)) { $start.ArgumentList.Add($argument) }
        $start.WorkingDirectory = $run.Work
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        foreach ($name in 'TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'DOCKER_CONFIG', 'SSL_CERT_DIR', 'REGISTRY_AUTH_FILE') {
            $null = $start.Environment.Remove($name)
        }
        $start.Environment['HOME'] = $run.Home
        $start.Environment['SSL_CERT_FILE'] = $script:Registry.CaFile
        $start.Environment['NO_COLOR'] = '1'
        $start.Environment['EXAMPLE_USER'] = $script:Registry.UserName
        $start.Environment['EXAMPLE_PASSWORD'] = $script:Registry.Password
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(180000)) {
            $process.Kill($true)
            throw "The example did not finish within 180 s:`n$($run.Code)"
        }

        $run.ExitCode = $process.ExitCode
        $run.Output = $stdout.Result + $stderr.Result
        if (Test-Path -LiteralPath $objects) { $run.Objects = @(Import-Clixml -LiteralPath $objects) }
        $run
    }

    # The test's own view of a registry repository or layout.
    function Get-Tags([string]$Repository) {
        $extra = if ($Repository.StartsWith('oci-layout:')) { @{} } else { $script:Reach }
        @(Get-TofuOciTag -Repository $Repository @extra).Tag
    }

    function Get-DockerAuths([string]$HomeDirectory) {
        $config = Get-Content -Raw -LiteralPath (Join-Path $HomeDirectory '.docker/config.json') | ConvertFrom-Json -AsHashtable
        @($config['auths'].Keys)
    }

    # What each example's remarks promise, checked after it ran. Key: "<Cmdlet>/<example number>".
    $script:Outcomes = @{
        'Connect-TofuOciRegistry/1'     = {
            param($Run)
            # Quiet without -PassThru, as Install-PSResource is.
            $Run.Objects | Should -BeNullOrEmpty
            Get-DockerAuths $Run.Home | Should -Be @($script:Address)
            # Written by the cmdlet, not the sandbox: only its owner may read it.
            (Get-Item -LiteralPath (Join-Path $Run.Home '.docker/config.json')).UnixMode | Should -Be '-rw-------'
        }
        'Connect-TofuOciRegistry/2'     = {
            param($Run)
            $Run.Output | Should -Match 'What if:'
            Get-Content -Raw -LiteralPath (Join-Path $Run.Home '.docker/config.json') |
                Should -Be (Get-Content -Raw -LiteralPath (Join-Path $script:Template 'home/.docker/config.json'))
        }
        'Copy-TofuProvider/1'           = {
            param($Run)
            ($Run.Objects | ForEach-Object { "$($_.Version) $($_.Platform) $($_.Status) $($_.SignedBy)" }) |
                Should -Be @('3.6.3 linux_amd64 Published unsigned', '3.7.2 linux_amd64 Published unsigned')
            $Run.Objects | ForEach-Object { $_.ProvenanceDigest | Should -Match '^sha256:[0-9a-f]{64}$' }
            (Get-TofuProviderVersion -Source hashicorp/random -Repository "$script:Address/mirrored/hashicorp/random" @script:Reach).Version |
                Should -Be @('3.6.3', '3.7.2')
        }
        'Copy-TofuProvider/2'           = {
            param($Run)
            $Run.Output | Should -Match 'What if:'
            $Run.Objects | Should -BeNullOrEmpty
            Get-TofuProviderVersion -Source hashicorp/random -Repository "$script:Address/staging/hashicorp/random" @script:Reach -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
        }
        'Export-TofuBundle/1'           = {
            param($Run)
            $Run.Objects | Should -HaveCount 1
            $Run.Objects[0].Providers | Should -Be @('registry.opentofu.org/hashicorp/aws 5.100.0')
            $Run.Objects[0].Platforms | Should -Be @('linux_amd64', 'windows_amd64')
            $Run.Objects[0].Modules | Should -Be @("oci://$script:Address/modules/vpc?tag=1.4.0")
            (Get-Item -LiteralPath (Join-Path $Run.Work 'bundle.tar')).Length | Should -Be $Run.Objects[0].Bytes
        }
        'Export-TofuBundle/2'           = {
            param($Run)
            $Run.Objects[0].Providers | Should -Be @('registry.opentofu.org/hashicorp/aws 5.100.0')
            $Run.Objects[0].IsArchive | Should -BeFalse
            Join-Path $Run.Work 'bundle/index.json' | Should -Exist
        }
        'Import-TofuBundle/1'           = {
            param($Run)
            $Run.Objects | Should -HaveCount 1
            $Run.Objects[0].Imported | Should -Be 2
            Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'tofurc') | Should -BeLike "*repository_template = `"$script:Address/internal/`${namespace}/`${type}`"*"
            Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'config/.terraform.lock.hcl') | Should -BeLike '*registry.opentofu.org/hashicorp/aws*'
        }
        'Import-TofuBundle/2'           = {
            param($Run)
            $Run.Output | Should -Match 'What if:'
            $Run.Output | Should -Match 'Rewrite module source'
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Test-TofuBundle/1'             = {
            param($Run)
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Test-TofuBundle/2'             = {
            param($Run)
            $Run.Objects | Should -Be 'ready to carry'
        }
        'Disconnect-TofuOciRegistry/1'  = {
            param($Run)
            $Run.Objects.Changed | Should -BeTrue
            Get-DockerAuths $Run.Home | Should -BeNullOrEmpty
        }
        'Disconnect-TofuOciRegistry/2'  = {
            param($Run)
            $Run.Objects | Should -BeNullOrEmpty
            Get-DockerAuths $Run.Home | Should -BeNullOrEmpty
        }
        'Get-TofuOciCredentialSource/1' = {
            param($Run)
            $Run.Objects.Source | Should -Be "$(Join-Path $Run.Home '.docker/config.json') entry for $script:Address (user $($script:Registry.UserName))"
        }
        'Get-TofuOciCredentialSource/2' = {
            param($Run)
            $Run.Output | Should -Match 'Candidates\s*:\s*\{\* auths'
            $Run.Output | Should -Match 'Searched\s*:'
        }
        'Get-TofuOciTag/1'              = {
            param($Run)
            $Run.Objects.Tag | Should -Be @('5.99.0', '5.100.0', '6.0.0', '6.0.0_fips')
            $Run.Objects[3].Version | Should -Be '6.0.0+fips'
        }
        'Get-TofuOciTag/2'              = {
            param($Run)
            $Run.Objects.Tag | Should -Be @('6.0.0', '6.0.0_fips')
        }
        'Get-TofuOciTag/3'              = {
            param($Run)
            $Run.Objects.Tag | Should -Be @('5.100.0', '6.0.0')
            $Run.Objects.Repository | Select-Object -Unique | Should -Be "oci-layout:$($Run.Work)/mirror/aws"
            $Run.Output | Should -Match 'VERBOSE: .*mirror/aws'
        }
        'Get-TofuOciTag/4'              = {
            param($Run)
            $Run.Objects | ForEach-Object { "$(($_.Repository -split '/')[-1]) $($_.Tag)" } |
                Should -Be @('aws 5.99.0', 'aws 5.100.0', 'aws 6.0.0', 'aws 6.0.0_fips', 'random 3.6.3', 'random 3.7.2')
        }
        'Get-TofuProviderVersion/1'     = {
            param($Run)
            $Run.Objects.Version | Should -Be @('5.99.0', '5.100.0', '6.0.0', '6.0.0+fips')
            foreach ($version in $Run.Objects) { @($version.Platforms) | Should -Be @('darwin_arm64', 'linux_amd64', 'linux_arm64', 'windows_amd64') }
        }
        'Get-TofuProviderVersion/2'     = {
            param($Run)
            $Run.Objects.Version | Should -Be @('3.6.3', '3.7.2')
            $Run.Objects.Repository | Select-Object -Unique | Should -Be "$script:Address/opentofu-providers/hashicorp/random"
        }
        'Get-TofuProviderVersion/3'     = {
            param($Run)
            $Run.Objects | Should -BeNullOrEmpty
            Get-ChildItem -LiteralPath (Join-Path $Run.Work 'providers/registry.opentofu.org/hashicorp/aws') -Name | Should -Be '5.100.0'
            Test-Path -LiteralPath (Join-Path $Run.Work 'providers/registry.opentofu.org/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0') | Should -BeTrue
        }
        'Get-TofuProviderVersion/4'     = {
            param($Run)
            $Run.Output | Should -Match 'Tag\s*:\s*5\.100\.0'
            $Run.Output | Should -Match 'Digest\s*:\s*sha256:[0-9a-f]+'
            $Run.Output | Should -Match 'Platforms\s*:\s*\{darwin_arm64, linux_amd64, linux_arm64, windows_amd64\}'
        }
        'Install-TofuProvider/1'        = {
            param($Run)
            $Run.Objects | Should -BeNullOrEmpty
            Get-ChildItem -LiteralPath (Join-Path $Run.Work 'providers/registry.opentofu.org/hashicorp/aws') -Name | Should -Be '5.100.0'
            foreach ($platform in 'linux_amd64', 'windows_amd64') {
                Test-Path -LiteralPath (Join-Path $Run.Work "providers/registry.opentofu.org/hashicorp/aws/5.100.0/$platform/terraform-provider-aws_v5.100.0") | Should -BeTrue
            }
        }
        'Install-TofuProvider/2'        = {
            param($Run)
            $lock = Get-Content -Raw -LiteralPath (Join-Path $Run.Work '.terraform.lock.hcl')
            # 6.0.0 and 6.0.0+fips are equally new; like tofu, the one the registry lists first wins.
            $lock | Should -Match 'provider "registry.opentofu.org/hashicorp/aws" \{\s+version = "6\.0\.0(\+fips)?"'
            $lock | Should -Match 'provider "registry.opentofu.org/hashicorp/random" \{\s+version = "3\.7\.2"'
            Get-ChildItem -LiteralPath (Join-Path $Run.Home '.terraform.d/plugin-cache/registry.opentofu.org/hashicorp') -Name | Should -Be @('aws', 'random')
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Install-TofuProvider/3'        = {
            param($Run)
            $Run.Objects | Should -BeNullOrEmpty
            # Each zip has the lock file OpenTofu's installer also uses beside it (docs/design.md).
            Get-ChildItem -LiteralPath (Join-Path $Run.Work 'packed/registry.opentofu.org/hashicorp/aws') -Filter '*.zip' -Name | Should -Be 'terraform-provider-aws_5.100.0_linux_amd64.zip'
        }
        'Install-TofuProvider/4'        = {
            param($Run)
            $Run.Output | Should -Match 'What if:'
            $Run.Objects | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path $Run.Work 'providers') | Should -BeFalse
        }
        'Publish-TofuModule/1'          = {
            param($Run)
            $Run.Objects.Source | Should -Match "^oci://$([regex]::Escape($script:Address))/modules/vpc\?digest=sha256:[0-9a-f]{64}$"
            @($Run.Objects.Tags) | Should -Be @('1.4.0', 'latest')
            $Run.Objects.FileCount | Should -Be 6
        }
        'Publish-TofuModule/2'          = {
            param($Run)
            $saved = Join-Path $Run.Work 'published'
            $null = Save-TofuModule -Source $Run.Objects.Source -Destination $saved @script:Reach
            Get-ChildItem -LiteralPath $saved -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($saved, $_.FullName) } | Sort-Object |
                Should -Be @('main.tf', 'modules/endpoints/main.tf', 'outputs.tf', 'variables.tf')
        }
        'Publish-TofuModule/3'          = {
            param($Run)
            Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'check/vpc/main.tf') | Should -Be (Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'modules/vpc/main.tf'))
            Test-Path -LiteralPath (Join-Path $Run.Work 'check/vpc/.terraform') | Should -BeFalse
            $Run.Objects.PinnedSource | Should -BeLike "oci-layout:$($Run.Work)/out/vpc?digest=sha256:*"
        }
        'Publish-TofuProvider/1'        = {
            param($Run)
            $Run.Objects.Status | Should -BeIn @('Published', 'Unchanged')
            $Run.Objects.Version | Should -Be '1.2.0'
            @($Run.Objects.Platforms) | Should -Be @('linux_amd64', 'windows_amd64')
            Get-Tags "$script:Address/opentofu-providers/example/hello" | Should -Be '1.2.0'
        }
        'Publish-TofuProvider/2'        = {
            param($Run)
            $version = Get-TofuProviderVersion -Source example/hello -Repository (Get-LayoutRepository (Join-Path $Run.Work 'mirror/hello'))
            $version.Version | Should -Be '1.2.0'
            $version.Platforms | Should -Be 'linux_amd64'
        }
        'Publish-TofuProvider/3'        = {
            param($Run)
            $Run.Objects.Tag | Should -Be @('5.99.0', '5.100.0', '6.0.0', '6.0.0_fips')
            $copied = Get-TofuProviderVersion -Source hashicorp/aws -Repository "$script:Address/mirror/hashicorp/aws" @script:Reach
            $original = Get-TofuProviderVersion -Source hashicorp/aws -Repository "$script:Address/opentofu-providers/hashicorp/aws" @script:Reach
            $copied.Digest | Should -Be $original.Digest
        }
        'Publish-TofuProvider/4'        = {
            param($Run)
            Get-Tags (Get-LayoutRepository (Join-Path $Run.Work 'transfer/aws')) | Should -Be @('5.99.0', '5.100.0')
        }
        'Save-TofuModule/1'             = {
            param($Run)
            Get-ChildItem -LiteralPath (Join-Path $Run.Work 'vendor/vpc') -Name | Sort-Object | Should -Be @('examples', 'main.tf', 'modules', 'outputs.tf', 'tests', 'variables.tf')
            $Run.Objects.PinnedSource | Should -Match "^oci://$([regex]::Escape($script:Address))/modules/vpc\?digest=sha256:[0-9a-f]{64}$"
        }
        'Save-TofuModule/2'             = {
            param($Run)
            Get-ChildItem -LiteralPath (Join-Path $Run.Work 'vendor/endpoints') -Name | Should -Be 'main.tf'
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Save-TofuModule/3'             = {
            param($Run)
            Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'check/vpc/variables.tf') | Should -Be (Get-Content -Raw -LiteralPath (Join-Path $Run.Work 'modules/vpc/variables.tf'))
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Test-TofuProviderMirror/1'     = {
            param($Run)
            # A mirror published as Publish-TofuProvider publishes, over HTTPS: nothing to report.
            $Run.Objects | Should -BeNullOrEmpty
            $Run.Output | Should -Not -Match 'PlainHttpRegistry'
        }
        'Test-TofuProviderMirror/2'     = {
            param($Run)
            # Nothing to repair, so nothing is asked or changed, and the mirror still passes.
            $Run.Objects | Should -BeNullOrEmpty
            $Run.Output | Should -Not -Match 'What if:'
            Test-TofuProviderMirror -Repository "$script:Address/opentofu-providers/hashicorp/aws" @script:Reach -Quiet | Should -BeExactly $true
        }
        'Test-TofuProviderMirror/3'     = {
            param($Run)
            # $ok was $true, so nothing was thrown or written.
            $Run.Objects | Should -BeNullOrEmpty
        }
        'Update-TofuLockFile/1'         = {
            param($Run)
            $lock = Get-Content -Raw -LiteralPath (Join-Path $Run.Work '.terraform.lock.hcl')
            $lock | Should -Match 'version\s+= "5\.100\.0"'
            $lock | Should -Match 'constraints = "~> 5\.0"'
            ([regex]::Matches($lock, '"h1:')).Count | Should -Be 3
            ([regex]::Matches($lock, '"zh:')).Count | Should -Be 3
        }
        'Update-TofuLockFile/2'         = {
            param($Run)
            $lock = Get-Content -Raw -LiteralPath (Join-Path $Run.Work '.terraform.lock.hcl')
            $lock | Should -Match 'provider "registry.opentofu.org/hashicorp/aws"'
            $lock | Should -Match 'provider "registry.opentofu.org/hashicorp/random"'
            ([regex]::Matches($lock, '"zh:')).Count | Should -Be 4
        }
        'Update-TofuLockFile/3'         = {
            param($Run)
            $Run.Output | Should -Match 'What if:'
            Test-Path -LiteralPath (Join-Path $Run.Work '.terraform.lock.hcl') | Should -BeFalse
        }
    }
}

AfterAll {
    Stop-TestRegistry
}

Describe 'Help examples' {
    It '<Cmdlet> example <Number>: <Title>' -ForEach $examples {
        $run = Invoke-Example -Code $Code
        $run.ExitCode | Should -Be 0 -Because "the example must run without error; it printed:`n$($run.Output)"
        $outcome = $script:Outcomes["$Cmdlet/$Number"]
        $outcome | Should -Not -BeNullOrEmpty -Because "every example states what it promises in `$Outcomes (HelpExamples.Tests.ps1); add '$Cmdlet/$Number'"
        & $outcome $run
    }
}
