namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Hears how far an extraction has got: the uncompressed bytes its entries declare, once they are
/// checked and before anything is written, then every block written. Called from the writing thread.
/// </summary>
internal interface IExtractionProgress
{
    void Planned(long bytes);

    void Written(int bytes);
}
