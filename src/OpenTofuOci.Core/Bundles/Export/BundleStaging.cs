using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Where a bundle is built until it is complete, and how it is put into place (docs/opentofu-compatibility.md §13):
/// a layout directory is built beside its destination (<c>.NAME.tmp-…</c>, so the final rename stays on one file
/// system); a tar's layout is built in a private temporary directory and the tar written beside its destination.
/// Until <see cref="CommitAsync"/> nothing exists at the destination; disposing removes everything built.
/// </summary>
internal sealed class BundleStaging : IDisposable
{
    private readonly string _output;
    private readonly bool _archive;
    private readonly PrivateTempDirectory? _private;
    private readonly CreatedDirectories _parents;
    private bool _committed;

    private BundleStaging(string output, bool archive)
    {
        _output = output;
        _archive = archive;
        var parent = Path.GetDirectoryName(output)!;
        _parents = CreatedDirectories.Before([parent]);
        try
        {
            Directory.CreateDirectory(parent);
            if (archive)
            {
                _private = PrivateTempDirectory.Create();
                LayoutDirectory = _private.Combine("layout");
            }
            else
            {
                LayoutDirectory = TempPaths.Beside(output);
            }

            Directory.CreateDirectory(LayoutDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw FileSystemErrors.Translate(ex);
        }
    }

    /// <summary>The directory the layout is built in.</summary>
    public string LayoutDirectory { get; } = string.Empty;

    /// <summary>Refuses an existing destination unless <paramref name="force"/>; then prepares the staging area.</summary>
    public static BundleStaging Create(string output, bool archive, bool force)
    {
        CheckDestination(output, force);
        return new BundleStaging(output, archive);
    }

    private static void CheckDestination(string output, bool force)
    {
        if (!force && DirectoryMove.Exists(output))
        {
            throw new TofuOciException(ErrorIds.DestinationExists, ErrorKind.ResourceExists,
                $"\"{output}\" already exists; choose another output path, or replace it with {UserOption.Force}.", output);
        }
    }

    /// <summary>Puts the finished bundle at the destination; returns its bytes (the tar's size, or the layout's files).</summary>
    public async Task<long> CommitAsync(bool force, CancellationToken cancellationToken)
    {
        // Checked again: something may have appeared at the destination while the bundle was built.
        CheckDestination(_output, force);
        long bytes;
        if (_archive)
        {
            var temp = TempPaths.Beside(_output);
            try
            {
                var file = LocalFileStream.CreateNew(temp);
                await using (file.ConfigureAwait(false))
                {
                    bytes = await BundleTarWriter.WriteAsync(LayoutDirectory, file, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.FlushToDisk();
                }

                if (Directory.Exists(_output))
                {
                    var aside = TempPaths.Aside(_output);
                    Directory.Move(_output, aside);
                    File.Move(temp, _output);
                    Cleanup.DeleteDirectory(aside);
                }
                else
                {
                    await AtomicFile.RenameAsync(temp, _output, force, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Cleanup.DeleteFile(temp);
            }
        }
        else
        {
            bytes = new DirectoryInfo(LayoutDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            DirectoryMove.Into(LayoutDirectory, _output, _ => false);
        }

        _committed = true;
        return bytes;
    }

    public void Dispose()
    {
        if (_private is not null)
        {
            _private.Dispose();
        }
        else if (!_committed && LayoutDirectory.Length > 0)
        {
            Cleanup.DeleteDirectory(LayoutDirectory);
        }

        if (!_committed)
        {
            _parents.RemoveEmpty();
        }
    }
}
