using OpenTofuOci.Core.Tests.Wording;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>The example configurations under RootModules/Configurations, copied into a temp directory per test, and small ones written on the spot.</summary>
internal static class Configurations
{
    public static string SourceOf(string name) =>
        Path.Combine(SourceWordingTests.Root, "tests", "OpenTofuOci.Core.Tests", "RootModules", "Configurations", name);

    /// <summary>Copies the configuration <paramref name="name"/> (hidden and editor files included) to <paramref name="temp"/>/<paramref name="name"/>.</summary>
    public static string Copy(TempDirectory temp, string name)
    {
        var from = SourceOf(name);
        var to = temp.Combine(name);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>Writes <paramref name="files"/> (relative path, text) under <paramref name="directory"/> byte for byte (UTF-8, no BOM).</summary>
    public static string Write(string directory, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return directory;
    }
}
