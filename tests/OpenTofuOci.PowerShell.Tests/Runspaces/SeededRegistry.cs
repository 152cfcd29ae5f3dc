using System.Net.Http.Json;
using System.Text.Json;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// xunit class fixture: a real docker-registry (plain HTTP, or Basic auth with
/// <see cref="RegistryServer.UserName"/>/<see cref="RegistryServer.Password"/>) holding providers
/// published through the cmdlets themselves: example/hello 1.0.0, 1.1.0 and 2.0.0 and example/world
/// 1.0.0, each for linux_amd64 and windows_amd64, under <c>providers/example/TYPE</c>; and the module
/// directory <see cref="ModuleDirectory"/> published as <c>modules/net:1.0.0</c>. Release directories
/// stay on disk for tests that publish them again.
/// </summary>
public abstract class SeededRegistry(RegistryMode mode) : IAsyncLifetime
{
    public static readonly string[] Platforms = ["linux_amd64", "windows_amd64"];
    private RegistryServer? _server;

    public RegistryServer Server => _server ?? throw new InvalidOperationException("registry not started");

    /// <summary>host:port.</summary>
    public string Address => Server.Address;

    public TempDirectory Root { get; } = new("tofuoci-ps-seed-");

    /// <summary>The hello 1.0.0 release (two zips and SHA256SUMS).</summary>
    public string HelloRelease => Root.Combine("dist", "hello-1.0.0");

    public string ModuleDirectory => Root.Combine("module", "net");

    /// <summary>The template mapping every seeded provider to its repository.</summary>
    public string Template => $"{Address}/providers/${{namespace}}/${{type}}";

    /// <summary><c>-PlainHttp</c> and, for Basic auth, the right <c>-Credential</c>, as PowerShell text for <see cref="RunspaceLease.Run"/>; uses <c>$cred</c>.</summary>
    public string Access => mode == RegistryMode.Basic ? "-PlainHttp -Credential $cred" : "-PlainHttp";

    public string Repository(string type) => $"{Address}/providers/example/{type}";

    public async Task InitializeAsync()
    {
        _server = await RegistryServer.StartAsync(mode);
        foreach (var (type, version) in new[] { ("hello", "1.0.0"), ("hello", "1.1.0"), ("hello", "2.0.0"), ("world", "1.0.0") })
        {
            ReleaseFiles.Write(Root.Combine("dist", $"{type}-{version}"), type, version, Platforms);
        }

        Directory.CreateDirectory(ModuleDirectory);
        await File.WriteAllTextAsync(Path.Combine(ModuleDirectory, "main.tf"), "variable \"cidr\" {}\n");
        await File.WriteAllTextAsync(Path.Combine(ModuleDirectory, "outputs.tf"), "output \"cidr\" { value = var.cidr }\n");

        using var lease = ModuleRunspaces.Rent();
        lease.Run($$"""
            $ErrorActionPreference = 'Stop'
            foreach ($d in Get-ChildItem -LiteralPath $dist -Directory | Sort-Object Name) {
                $type = $d.Name.Split('-')[0]
                $null = Publish-TofuProvider -LiteralPath $d.FullName -Repository "$registry/providers/example/$type" {{Access}}
            }
            $null = Publish-TofuModule -LiteralPath $module -Repository "$registry/modules/net" -Tag 1.0.0 {{Access}}
            """,
            ("dist", Root.Combine("dist")), ("registry", Address), ("module", ModuleDirectory), ("cred", Credential())).AssertClean();
    }

    /// <summary>A PSCredential for this registry: the right password, or <paramref name="password"/>.</summary>
    public static System.Management.Automation.PSCredential Credential(string password = RegistryServer.Password) =>
        new(RegistryServer.UserName, new System.Net.NetworkCredential(string.Empty, password).SecurePassword);

    /// <summary>The repositories the registry holds, from its <c>_catalog</c>.</summary>
    public async Task<IReadOnlyList<string>> CatalogAsync()
    {
        using var http = HttpClient();
        var doc = await http.GetFromJsonAsync<JsonElement>($"http://{Address}/v2/_catalog?n=1000");
        return doc.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The tags of <paramref name="repository"/> (sorted), or null when the registry does not know the repository.</summary>
    public async Task<IReadOnlyList<string>?> TagsAsync(string repository)
    {
        using var http = HttpClient();
        using var response = await http.GetAsync($"http://{Address}/v2/{repository}/tags/list");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        return doc.GetProperty("tags") is { ValueKind: JsonValueKind.Array } tags
            ? tags.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Every file and directory of the registry's storage with its size: equal snapshots mean nothing was written.</summary>
    public IReadOnlyList<string> StorageSnapshot() => FileTree.Snapshot(Server.StorageDirectory);

    private HttpClient HttpClient()
    {
        var http = new HttpClient();
        if (mode == RegistryMode.Basic)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryServer.UserName}:{RegistryServer.Password}")));
        }

        return http;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Root.Dispose();
    }
}

public sealed class PlainSeededRegistry() : SeededRegistry(RegistryMode.PlainHttp);

public sealed class BasicSeededRegistry() : SeededRegistry(RegistryMode.Basic);

/// <summary>Directory trees as lists of entries, to show that something wrote nothing.</summary>
public static class FileTree
{
    /// <summary>Every entry under <paramref name="root"/> as "relative/path size" (directories end with /), sorted; empty when it does not exist.</summary>
    public static IReadOnlyList<string> Snapshot(string root) =>
        !Directory.Exists(root)
            ? []
            : new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Select(i => i is FileInfo f ? $"{Path.GetRelativePath(root, f.FullName)} {f.Length}" : Path.GetRelativePath(root, i.FullName) + "/")
                .Order(StringComparer.Ordinal)
                .ToList();
}
