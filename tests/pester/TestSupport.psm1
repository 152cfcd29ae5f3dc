#Requires -Version 7.4
# What the Pester files share: the staged module, real docker-registry processes (plain HTTP,
# htpasswd, TLS with a private CA, TLS with htpasswd) and provider releases built on the fly.
# Import it in a file's BeforeAll: Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force

Set-StrictMode -Version 3.0

$script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:Registries = [System.Collections.Generic.List[object]]::new()

# The staged module (./build.ps1 -Task Package), or the one named by OPENTOFUOCI_MODULE (for example
# a copy installed with Install-PSResource).
function Get-StagedModulePath {
    if ($env:OPENTOFUOCI_MODULE) { return $env:OPENTOFUOCI_MODULE }
    Join-Path $script:RepositoryRoot 'out/OpenTofuOci/OpenTofuOci.psd1'
}

function Import-StagedModule {
    $manifest = Get-StagedModulePath
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest; run ./build.ps1 -Task Package first."
    }

    Import-Module $manifest -Force -Global -ErrorAction Stop
}

function Get-RepositoryRoot { $script:RepositoryRoot }

# The oci-layout: address of a directory, absolute (as the cmdlets write it).
function Get-LayoutRepository([string]$Path) { "oci-layout:$([System.IO.Path]::GetFullPath($Path))" }

function New-TestCredential([string]$UserName, [string]$Password) {
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

# Writes terraform-provider-TYPE_VERSION_OS_ARCH.zip files (one executable entry each) and a
# SHA256SUMS into $Path, as a provider release directory looks.
function New-TestRelease {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Path,
        [string]$Type = 'hello',
        [Parameter(Mandatory)][string]$Version,
        [Parameter(Mandatory)][string[]]$Platform
    )

    # .NET resolves relative paths against the process directory, not the PowerShell location.
    $Path = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $null = New-Item -ItemType Directory -Path $Path -Force
    $sums = foreach ($p in $Platform) {
        $name = "terraform-provider-${Type}_${Version}_${p}.zip"
        $file = Join-Path $Path $name
        $zip = [System.IO.Compression.ZipFile]::Open($file, [System.IO.Compression.ZipArchiveMode]::Create)
        try {
            $entry = $zip.CreateEntry("terraform-provider-${Type}_v${Version}")
            $entry.ExternalAttributes = (0x8000 -bor 0x1ED) -shl 16   # regular file, 0755
            $writer = [System.IO.StreamWriter]::new($entry.Open())
            try { $writer.Write("#!/bin/sh`necho $Type $Version $p`n") } finally { $writer.Dispose() }
        }
        finally {
            $zip.Dispose()
        }

        $hash = (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash.ToLowerInvariant()
        "$hash  $name"
    }

    $utf8 = [System.Text.UTF8Encoding]::new($false)
    [System.IO.File]::WriteAllText((Join-Path $Path "terraform-provider-${Type}_${Version}_SHA256SUMS"), (($sums -join "`n") + "`n"), $utf8)
    Get-Item -LiteralPath $Path
}

function New-TestCertificateAuthority([string]$Directory) {
    $caKey = [System.Security.Cryptography.RSA]::Create(2048)
    $caRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        'CN=opentofuoci-pester-ca', $caKey, [System.Security.Cryptography.HashAlgorithmName]::SHA256,
        [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $caRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
    $caRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new(
        [System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]'KeyCertSign, CrlSign', $true))
    $now = [DateTimeOffset]::UtcNow
    $ca = $caRequest.CreateSelfSigned($now.AddMinutes(-5), $now.AddDays(2))

    $serverKey = [System.Security.Cryptography.RSA]::Create(2048)
    $serverRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        'CN=127.0.0.1', $serverKey, [System.Security.Cryptography.HashAlgorithmName]::SHA256,
        [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $san.AddIpAddress([System.Net.IPAddress]::Loopback)
    $san.AddDnsName('localhost')
    $serverRequest.CertificateExtensions.Add($san.Build())
    $serverRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $false))
    $usages = [System.Security.Cryptography.OidCollection]::new()
    $null = $usages.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
    $serverRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
    $serial = [byte[]]::new(16)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial)
    $server = $serverRequest.Create($ca, $now.AddMinutes(-5), $now.AddDays(1), $serial)

    $paths = [pscustomobject]@{
        CaFile         = Join-Path $Directory 'ca.pem'
        CertificateFile = Join-Path $Directory 'server.pem'
        KeyFile        = Join-Path $Directory 'server.key'
    }
    [System.IO.File]::WriteAllText($paths.CaFile, $ca.ExportCertificatePem())
    [System.IO.File]::WriteAllText($paths.CertificateFile, $server.ExportCertificatePem())
    [System.IO.File]::WriteAllText($paths.KeyFile, $serverKey.ExportRSAPrivateKeyPem())
    $paths
}

<#
Starts a real docker-registry on a free loopback port and returns
{ Address; Mode; Root; CaFile; UserName; Password; Credential; Process }.
Modes: Plain (HTTP, anonymous), Basic (HTTP + htpasswd), Tls (HTTPS with a private CA),
TlsBasic (HTTPS + htpasswd). Stopped by Stop-TestRegistry (or when the session ends).
#>
function Start-TestRegistry {
    param(
        [ValidateSet('Plain', 'Basic', 'Tls', 'TlsBasic')]
        [string]$Mode = 'Plain',
        [string]$UserName = 'alice',
        [string]$Password = 'pester-secret-0'
    )

    $executable = Get-Command docker-registry -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $executable) {
        throw 'docker-registry is not installed; run bash tests/run.sh (it installs it) or apt-get install docker-registry.'
    }

    $root = Join-Path ([System.IO.Path]::GetTempPath()) "opentofuoci-pester-registry-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path (Join-Path $root 'data') -Force
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('version: 0.1')
    $lines.Add('log: { level: info, accesslog: { disabled: true } }')
    $lines.Add('storage:')
    $lines.Add("  filesystem: { rootdirectory: $(Join-Path $root 'data') }")
    $lines.Add('  delete: { enabled: true }')
    $lines.Add('http:')
    $lines.Add('  addr: 127.0.0.1:0')
    $lines.Add('  secret: opentofuoci-pester')
    $caFile = $null
    if ($Mode -in 'Tls', 'TlsBasic') {
        $tls = New-TestCertificateAuthority -Directory $root
        $caFile = $tls.CaFile
        $lines.Add("  tls: { certificate: $($tls.CertificateFile), key: $($tls.KeyFile) }")
    }

    if ($Mode -in 'Basic', 'TlsBasic') {
        $entry = & htpasswd -Bbn $UserName $Password
        if ($LASTEXITCODE -ne 0) { throw 'htpasswd failed; install apache2-utils.' }
        [System.IO.File]::WriteAllText((Join-Path $root 'htpasswd'), (($entry | Where-Object { $_ }) -join "`n") + "`n")
        $lines.Add('auth:')
        $lines.Add("  htpasswd: { realm: opentofuoci-pester, path: $(Join-Path $root 'htpasswd') }")
    }

    $config = Join-Path $root 'config.yml'
    [System.IO.File]::WriteAllLines($config, $lines)

    $start = [System.Diagnostics.ProcessStartInfo]::new($executable.Source)
    $start.ArgumentList.Add('serve')
    $start.ArgumentList.Add($config)
    $start.RedirectStandardError = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    # docker-registry logs to stderr; the "listening on" line gives the port it was given.
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    $address = $null
    $seen = [System.Text.StringBuilder]::new()
    while (-not $address -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardError.ReadLineAsync()
        if (-not $read.Wait(500)) { continue }
        $line = $read.Result
        if ($null -eq $line) { break }
        $null = $seen.AppendLine($line)
        if ($line -match 'listening on (127\.0\.0\.1:\d+)') { $address = $Matches[1] }
    }

    if (-not $address) {
        try { $process.Kill($true) } catch { $null = $_ }
        throw "docker-registry did not start: $seen"
    }

    # Keep draining its output so a chatty registry never blocks on a full pipe.
    $null = $process.StandardError.ReadToEndAsync()
    $null = $process.StandardOutput.ReadToEndAsync()

    $registry = [pscustomobject]@{
        Address    = $address
        Mode       = $Mode
        Root       = $root
        CaFile     = $caFile
        UserName   = if ($Mode -in 'Basic', 'TlsBasic') { $UserName } else { $null }
        Password   = if ($Mode -in 'Basic', 'TlsBasic') { $Password } else { $null }
        Credential = if ($Mode -in 'Basic', 'TlsBasic') { New-TestCredential $UserName $Password } else { $null }
        Process    = $process
    }
    $script:Registries.Add($registry)
    $registry
}

function Stop-TestRegistry {
    param([Parameter(ValueFromPipeline)][object]$Registry)
    process {
        $targets = if ($Registry) { @($Registry) } else { @($script:Registries) }
        foreach ($r in $targets) {
            try { if (-not $r.Process.HasExited) { $r.Process.Kill($true); $null = $r.Process.WaitForExit(5000) } } catch { $null = $_ }
            Remove-Item -LiteralPath $r.Root -Recurse -Force -ErrorAction Ignore
            $null = $script:Registries.Remove($r)
        }
    }
}

# A Docker-style config.json holding a login for $Registry, in a new directory; returns the directory
# (for DOCKER_CONFIG) and the file (for HOME-relative use) as { Directory; File }.
function New-TestDockerConfig {
    param([Parameter(Mandatory)][string]$Directory, [Parameter(Mandatory)][string]$Registry, [string]$UserName, [string]$Password)
    $null = New-Item -ItemType Directory -Path $Directory -Force
    $auth = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("${UserName}:${Password}"))
    $file = Join-Path $Directory 'config.json'
    @{ auths = @{ $Registry = @{ auth = $auth } } } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $file -Encoding utf8NoBOM
    [pscustomobject]@{ Directory = $Directory; File = $file }
}

$ExecutionContext.SessionState.Module.OnRemove = { Stop-TestRegistry }

$script:Origins = [System.Collections.Generic.List[object]]::new()

<#
A gpg home (short path: gpg-agent keeps sockets there) holding one RSA signing key without passphrase;
returns { Home; Fingerprint; KeyId; PublicKeyFile }. Removed by Stop-TestOrigin.
#>
function New-TestSigningKey([string]$Name = 'Pester Releases') {
    $gpgHome = Join-Path '/tmp' "gpg-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Path $gpgHome
    if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode($gpgHome, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute') }
    $userId = "$Name <releases@pester.example>"
    & gpg --homedir $gpgHome --batch --pinentry-mode loopback --passphrase '' --quick-gen-key $userId rsa2048 sign never 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'gpg --quick-gen-key failed; install gnupg.' }
    $fingerprint = (& gpg --homedir $gpgHome --batch --with-colons --list-keys $userId 2>$null | Where-Object { $_ -like 'fpr:*' } | Select-Object -First 1).Split(':')[9]
    $keyFile = Join-Path $gpgHome 'key.asc'
    & gpg --homedir $gpgHome --batch --armor --output $keyFile --export $fingerprint
    $key = [pscustomobject]@{ Home = $gpgHome; Fingerprint = $fingerprint; KeyId = $fingerprint.Substring($fingerprint.Length - 16); PublicKeyFile = $keyFile }
    $script:Origins.Add([pscustomobject]@{ Process = $null; Root = $gpgHome; Gpg = $true })
    $key
}

function Invoke-TestDetachSign($Key, [string]$Path) {
    & gpg --homedir $Key.Home --batch --pinentry-mode loopback --passphrase '' --local-user "$($Key.Fingerprint)!" --armor --output "$Path.sig" --detach-sign $Path 2>$null
    if ($LASTEXITCODE -ne 0) { throw "gpg could not sign $Path" }
}

<#
Starts nginx over TLS (a private CA) serving $Root on a free loopback port; returns { BaseUrl; CaFile; Process; Root }.
Stopped by Stop-TestOrigin.
#>
function Start-TestNginx([string]$Root) {
    $nginxHome = Join-Path ([System.IO.Path]::GetTempPath()) "opentofuoci-pester-nginx-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path (Join-Path $nginxHome 'logs'), (Join-Path $nginxHome 'tmp') -Force
    $tls = New-TestCertificateAuthority -Directory $nginxHome
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $config = Join-Path $nginxHome 'nginx.conf'
    [System.IO.File]::WriteAllText($config, @"
worker_processes 1;
master_process off;
pid $nginxHome/nginx.pid;
error_log $nginxHome/logs/error.log info;
events { worker_connections 256; }
http {
  access_log $nginxHome/logs/access.log;
  client_body_temp_path $nginxHome/tmp/body;
  proxy_temp_path $nginxHome/tmp/proxy;
  fastcgi_temp_path $nginxHome/tmp/fastcgi;
  uwsgi_temp_path $nginxHome/tmp/uwsgi;
  scgi_temp_path $nginxHome/tmp/scgi;
  types { application/json json; application/zip zip; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $($tls.CertificateFile); ssl_certificate_key $($tls.KeyFile);
    root $([System.IO.Path]::GetFullPath($Root));
  }
}
"@)
    $start = [System.Diagnostics.ProcessStartInfo]::new('/usr/sbin/nginx')
    foreach ($a in '-p', $nginxHome, '-c', $config, '-g', 'daemon off;') { $start.ArgumentList.Add($a) }
    $start.RedirectStandardError = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $null = $process.StandardError.ReadToEndAsync()
    $null = $process.StandardOutput.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        if ($process.HasExited) { throw "nginx exited: $(Get-Content -Raw -ErrorAction Ignore (Join-Path $nginxHome 'logs/error.log'))" }
        try { $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $client.Dispose(); break }
        catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'nginx did not listen' }; Start-Sleep -Milliseconds 50 }
    }

    $server = [pscustomobject]@{ BaseUrl = "https://127.0.0.1:$port"; CaFile = $tls.CaFile; Process = $process; Root = $nginxHome; Gpg = $false }
    $script:Origins.Add($server)
    $server
}

<#
Writes a static provider registry (service discovery, versions, download metadata, zips, SHA256SUMS and
their gpg signatures) for the server at $BaseUrl into $Root. Each release is @{ Type; Version; Break } with
Break one of None, BadSignature (the signature is over other bytes), TamperedZip (the zip differs from
SHA256SUMS and shasum), SumsWithoutFile (SHA256SUMS lacks the last platform).
#>
function Write-TestProviderRegistry {
    param(
        [Parameter(Mandatory)][string]$Root,
        [Parameter(Mandatory)][string]$BaseUrl,
        [Parameter(Mandatory)][string]$Namespace,
        [Parameter(Mandatory)][hashtable[]]$Release,
        [Parameter(Mandatory)][string[]]$Platform,
        [Parameter(Mandatory)]$SigningKey
    )

    function Write-Json([string]$Path, $Value) {
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
        [System.IO.File]::WriteAllText($Path, ($Value | ConvertTo-Json -Depth 10 -Compress))
    }

    Write-Json (Join-Path $Root '.well-known/terraform.json') @{ 'providers.v1' = '/v1/providers/' }
    $armored = Get-Content -Raw -LiteralPath $SigningKey.PublicKeyFile
    foreach ($group in $Release | Group-Object { $_.Type }) {
        $type = $group.Name
        $versions = foreach ($r in $group.Group) {
            $version = $r.Version
            $break = if ($r.ContainsKey('Break')) { $r.Break } else { 'None' }
            $dir = Join-Path $Root "releases/$Namespace/$type/$version"
            $null = New-TestRelease -Path $dir -Type $type -Version $version -Platform $Platform
            $sums = Join-Path $dir "terraform-provider-${type}_${version}_SHA256SUMS"
            $lines = [System.IO.File]::ReadAllLines($sums)
            if ($break -eq 'SumsWithoutFile') { [System.IO.File]::WriteAllText($sums, (($lines | Select-Object -SkipLast 1) -join "`n") + "`n") }
            if ($break -eq 'BadSignature') {
                $other = "$sums.other"
                [System.IO.File]::WriteAllText($other, ($lines -join "`n") + "`ntampered`n")
                Invoke-TestDetachSign $SigningKey $other
                Move-Item -LiteralPath "$other.sig" -Destination "$sums.sig" -Force
                Remove-Item -LiteralPath $other
            }
            else {
                Invoke-TestDetachSign $SigningKey $sums
            }

            foreach ($p in $Platform) {
                $name = "terraform-provider-${type}_${version}_$p.zip"
                $shasum = (Get-FileHash -LiteralPath (Join-Path $dir $name) -Algorithm SHA256).Hash.ToLowerInvariant()
                if ($break -eq 'TamperedZip') {
                    $bytes = [System.IO.File]::ReadAllBytes((Join-Path $dir $name))
                    [System.IO.File]::WriteAllBytes((Join-Path $dir $name), [byte[]]($bytes + [byte]0))
                }

                $os, $arch = $p.Split('_')
                Write-Json (Join-Path $Root "v1/providers/$Namespace/$type/$version/download/$os/$arch") ([ordered]@{
                        protocols             = @('5.0')
                        os                    = $os
                        arch                  = $arch
                        filename              = $name
                        download_url          = "$BaseUrl/releases/$Namespace/$type/$version/$name"
                        shasums_url           = "$BaseUrl/releases/$Namespace/$type/$version/terraform-provider-${type}_${version}_SHA256SUMS"
                        shasums_signature_url = "$BaseUrl/releases/$Namespace/$type/$version/terraform-provider-${type}_${version}_SHA256SUMS.sig"
                        shasum                = $shasum
                        signing_keys          = @{ gpg_public_keys = @(@{ key_id = $SigningKey.KeyId; ascii_armor = $armored }) }
                    })
            }

            @{ version = $version; protocols = @('5.0'); platforms = @($Platform | ForEach-Object { $o, $a = $_.Split('_'); @{ os = $o; arch = $a } }) }
        }

        Write-Json (Join-Path $Root "v1/providers/$Namespace/$type/versions") @{ versions = @($versions) }
    }
}

<#
Writes the packed layout `tofu providers mirror` writes: under $Root/HOST/NS/TYPE the zips given, index.json
and VERSION.json listing each zip's h1: hash (Go's dirhash: sha256 over "HEX  NAME\n" lines of the sorted
entries, base64). $Zip are release zip files named terraform-provider-TYPE_VERSION_OS_ARCH.zip.
#>
function Write-TestMirrorDirectory([string]$Root, [string]$Address, [string[]]$Zip) {
    $dir = Join-Path $Root $Address
    $null = New-Item -ItemType Directory -Path $dir -Force
    $sha = [System.Security.Cryptography.SHA256]
    $byVersion = [ordered]@{}
    foreach ($file in $Zip) {
        $name = Split-Path -Leaf $file
        if ($name -notmatch '^terraform-provider-[^_]+_(?<version>[^_]+)_(?<platform>[^_]+_[^_.]+)\.zip$') { throw "$name is not a release zip name" }
        $version = $Matches.version; $platform = $Matches.platform
        Copy-Item -LiteralPath $file -Destination (Join-Path $dir $name)
        $archive = [System.IO.Compression.ZipFile]::OpenRead($file)
        try {
            $lines = foreach ($entry in $archive.Entries | Sort-Object FullName -CaseSensitive) {
                $stream = $entry.Open()
                try { "$([Convert]::ToHexString($sha::HashData($stream)).ToLowerInvariant())  $($entry.FullName)`n" } finally { $stream.Dispose() }
            }
        }
        finally { $archive.Dispose() }
        if (-not $byVersion.Contains($version)) { $byVersion[$version] = [ordered]@{} }
        $byVersion[$version][$platform] = @{ url = $name; hashes = @('h1:' + [Convert]::ToBase64String($sha::HashData([System.Text.Encoding]::UTF8.GetBytes(-join $lines)))) }
    }

    $index = [ordered]@{}
    foreach ($version in $byVersion.Keys) {
        $index[$version] = @{}
        [System.IO.File]::WriteAllText((Join-Path $dir "$version.json"), (@{ archives = $byVersion[$version] } | ConvertTo-Json -Depth 5))
    }
    [System.IO.File]::WriteAllText((Join-Path $dir 'index.json'), (@{ versions = $index } | ConvertTo-Json -Depth 5))
}

function Stop-TestOrigin {
    foreach ($o in @($script:Origins)) {
        if ($o.Gpg) { & gpgconf --homedir $o.Root --kill all 2>$null }
        elseif (-not $o.Process.HasExited) { try { $o.Process.Kill($true); $null = $o.Process.WaitForExit(5000) } catch { $null = $_ } }
        Remove-Item -LiteralPath $o.Root -Recurse -Force -ErrorAction Ignore
        $null = $script:Origins.Remove($o)
    }
}

Export-ModuleMember -Function Get-StagedModulePath, Import-StagedModule, Get-RepositoryRoot, Get-LayoutRepository, New-TestCredential,
    New-TestRelease, Start-TestRegistry, Stop-TestRegistry, New-TestDockerConfig, New-TestSigningKey, Start-TestNginx,
    Write-TestProviderRegistry, Write-TestMirrorDirectory, Stop-TestOrigin
