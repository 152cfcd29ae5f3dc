using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// A zip extracted completely into a directory inside a private temporary directory beside its
/// destination (<see cref="SafeZipExtractor.StageAsync(string, string, ZipExtractionOptions, string, IExtractionProgress?, CancellationToken)"/>), waiting to be moved into place. Disposing
/// removes the temporary directory, and the extracted files with it unless they were moved.
/// </summary>
internal sealed class StagedExtraction(string privateDirectory, string directory, ZipExtractionResult result) : IDisposable
{
    /// <summary>The directory holding the extracted files, inside the private one.</summary>
    public string Directory => directory;

    /// <summary>What was extracted, with <see cref="ZipExtractionResult.Destination"/> the final place.</summary>
    public ZipExtractionResult Result => result;

    /// <summary>
    /// Renames the directory to <paramref name="target"/>: when it exists and is not empty, this fails with
    /// <c>DestinationExists</c> unless <paramref name="overwrite"/>, which moves the old one aside first and
    /// deletes it once the new one is in place.
    /// </summary>
    public void MoveTo(string target, bool overwrite) => SafeZipExtractor.MoveIntoPlace(directory, target, overwrite);

    public void Dispose() => Cleanup.DeleteDirectory(privateDirectory);
}
