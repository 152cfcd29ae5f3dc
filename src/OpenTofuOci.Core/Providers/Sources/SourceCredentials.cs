using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// The bearer token for one host, found as OpenTofu finds it (docs/opentofu-compatibility.md §9.4): the
/// host's <c>TF_TOKEN_…</c> environment variable first, then a <c>credentials "HOST"</c> block of the
/// CLI configuration. The configuration is read once, on the first request that needs it.
/// </summary>
internal sealed class SourceCredentials : IDisposable
{
    private readonly CliConfigEnvironment? _environment;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, string>? _configured;

    public SourceCredentials(CliConfigEnvironment? environment) => _environment = environment;

    public void Dispose() => _gate.Dispose();

    /// <summary>The token for <paramref name="host"/> (comparison form, see <see cref="ServiceHost"/>), or null.</summary>
    public async ValueTask<string?> TokenForAsync(string host, CancellationToken cancellationToken)
    {
        if (_environment is null)
        {
            return null;
        }

        if (_environment.Variable(ServiceHost.TokenVariable(host)) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        var configured = await ConfiguredAsync(cancellationToken).ConfigureAwait(false);
        return configured.GetValueOrDefault(host);
    }

    private async ValueTask<IReadOnlyDictionary<string, string>> ConfiguredAsync(CancellationToken cancellationToken)
    {
        if (_configured is { } done)
        {
            return done;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_configured is null)
            {
                var config = await CliConfigLoader.LoadAsync(_environment!, cancellationToken).ConfigureAwait(false);
                _configured = config.HostCredentials
                    .Where(c => c.Token is not null)
                    .ToDictionary(c => c.Host, c => c.Token!, StringComparer.Ordinal);
            }

            return _configured;
        }
        finally
        {
            _gate.Release();
        }
    }
}
