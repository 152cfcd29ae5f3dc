using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// A zip extracted completely into a temporary directory beside its destination
/// (<see cref="SafeZipExtractor.StageAsync"/>), waiting to be moved into place. Disposing removes the
/// directory unless it was moved.
/// </summary>
internal sealed class StagedExtraction(string directory, ZipExtractionResult result) : IDisposable
{
    private bool _moved;

    /// <summary>The temporary directory holding the extracted files.</summary>
    public string Directory => directory;

    /// <summary>What was extracted, with <see cref="ZipExtractionResult.Destination"/> the final place.</summary>
    public ZipExtractionResult Result => result;

    /// <summary>
    /// Renames the directory to <paramref name="target"/>: when it exists and is not empty, this fails with
    /// <c>DestinationExists</c> unless <paramref name="overwrite"/>, which moves the old one aside first and
    /// deletes it once the new one is in place.
    /// </summary>
    public void MoveTo(string target, bool overwrite)
    {
        SafeZipExtractor.MoveIntoPlace(directory, target, overwrite);
        _moved = true;
    }

    public void Dispose()
    {
        if (!_moved)
        {
            Cleanup.DeleteDirectory(directory);
        }
    }
}
