using System.Text.Json;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>Finds the repository, the compiled module and the PowerShell reference assembly.</summary>
internal static class RepositoryPaths
{
    public const string SolutionFileName = "OpenTofuOci.slnx";
    private const string SdkPackageId = "PowerShellStandard.Library";

    public static string Root { get; } = FindRoot();

    public static string ModuleProjectDirectory => Path.Combine(Root, "src", "OpenTofuOci.PowerShell");

    /// <summary>
    /// The module's build output for the configuration these tests were built in: the tests read
    /// what PowerShell would load, not a copy in the test output.
    /// </summary>
    public static string ModuleOutputDirectory
    {
        get
        {
            // AppContext.BaseDirectory is tests/…/bin/<Configuration>/<tfm>/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Parent!.Name;
            var dir = Path.Combine(ModuleProjectDirectory, "bin", configuration, "net8.0");
            if (!File.Exists(Path.Combine(dir, "OpenTofuOci.dll")))
            {
                throw new InvalidOperationException($"The module is not built at {dir}; build src/OpenTofuOci.PowerShell in {configuration} first (dotnet test builds it).");
            }

            return dir;
        }
    }

    public static string ModuleAssemblyPath => Path.Combine(ModuleOutputDirectory, "OpenTofuOci.dll");

    public static string ManifestPath => Path.Combine(Root, "OpenTofuOci.psd1");

    public static string FormatFilePath => Path.Combine(Root, "OpenTofuOci.Format.ps1xml");

    public static string HelpDirectory => Path.Combine(Root, "docs", "en-US");

    /// <summary>
    /// The System.Management.Automation reference assembly from the NuGet cache, found the way the
    /// module's restore found it (its assets file), then NUGET_PACKAGES, then ~/.nuget/packages.
    /// </summary>
    public static string SmaReferencePath { get; } = FindSma();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }

    private static string FindSma()
    {
        var (folders, packagePath) = ReadAssets();
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env))
        {
            folders.Add(env);
        }

        folders.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        var candidates = new List<string>();
        foreach (var folder in folders)
        {
            var packageDir = packagePath is null
                ? Directory.Exists(Path.Combine(folder, "powershellstandard.library"))
                    ? Directory.GetDirectories(Path.Combine(folder, "powershellstandard.library")).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
                    : null
                : Path.Combine(folder, packagePath);
            if (packageDir is null)
            {
                continue;
            }

            var dll = Path.Combine(packageDir, "lib", "netstandard2.0", "System.Management.Automation.dll");
            candidates.Add(dll);
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new InvalidOperationException($"System.Management.Automation.dll of {SdkPackageId} not found; looked at: {string.Join(", ", candidates)}. Run dotnet restore.");
    }

    private static (List<string> Folders, string? PackagePath) ReadAssets()
    {
        var assets = Path.Combine(ModuleProjectDirectory, "obj", "project.assets.json");
        var folders = new List<string>();
        if (!File.Exists(assets))
        {
            return (folders, null);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(assets));
        if (doc.RootElement.TryGetProperty("packageFolders", out var pf))
        {
            folders.AddRange(pf.EnumerateObject().Select(p => p.Name));
        }

        string? path = null;
        if (doc.RootElement.TryGetProperty("libraries", out var libs))
        {
            foreach (var lib in libs.EnumerateObject())
            {
                if (lib.Name.StartsWith(SdkPackageId + "/", StringComparison.OrdinalIgnoreCase) && lib.Value.TryGetProperty("path", out var p))
                {
                    path = p.GetString();
                }
            }
        }

        return (folders, path);
    }
}
