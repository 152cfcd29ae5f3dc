using System.Text;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// Writes <c>.terraform.lock.hcl</c> byte for byte as <c>tofu init</c> does (hclwrite formatting):
/// the two header comment lines, then per provider in address order a blank line and
/// <c>provider "ADDR" {</c> with <c>version</c>, <c>constraints</c> (when set, <c>=</c> aligned with
/// <c>version</c>) and <c>hashes</c> one per line with trailing commas; <c>\n</c> line ends, UTF-8 without BOM.
/// </summary>
public static class LockFileWriter
{
    public const string Header = "# This file is maintained automatically by \"tofu init\".\n# Manual edits may be lost in future updates.\n";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file's text.</summary>
    public static string Format(DependencyLockFile lockFile)
    {
        ArgumentNullException.ThrowIfNull(lockFile);
        var sb = new StringBuilder(Header);
        foreach (var p in lockFile.Providers.Values)
        {
            sb.Append('\n');
            sb.Append("provider ").Append(HclText.Quote(p.Address)).Append(" {\n");
            if (p.Constraints is null)
            {
                sb.Append("  version = ").Append(HclText.Quote(p.Version)).Append('\n');
            }
            else
            {
                // hclwrite aligns the "=" of consecutive one-line arguments; "hashes" spans lines, so it is not aligned.
                sb.Append("  version     = ").Append(HclText.Quote(p.Version)).Append('\n');
                sb.Append("  constraints = ").Append(HclText.Quote(p.Constraints)).Append('\n');
            }

            if (p.Hashes.Count > 0)
            {
                sb.Append("  hashes = [\n");
                foreach (var h in p.Hashes)
                {
                    sb.Append("    ").Append(HclText.Quote(h)).Append(",\n");
                }

                sb.Append("  ]\n");
            }

            sb.Append("}\n");
        }

        return sb.ToString();
    }

    /// <summary>The file's bytes (UTF-8, no BOM).</summary>
    public static byte[] ToBytes(DependencyLockFile lockFile) => Utf8NoBom.GetBytes(Format(lockFile));

    /// <summary>
    /// Replaces the file at <paramref name="path"/> atomically: the bytes go to a temporary file in the same
    /// directory, which is renamed over the target only when complete, so readers and a failed write never
    /// see half a file. The temporary file is removed on failure.
    /// </summary>
    public static async Task WriteFileAsync(string path, DependencyLockFile lockFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        await AtomicFile.WriteAsync(Path.GetFullPath(path), ToBytes(lockFile), null, cancellationToken).ConfigureAwait(false);
    }
}
