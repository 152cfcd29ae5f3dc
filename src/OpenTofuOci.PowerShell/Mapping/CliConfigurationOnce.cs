using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// OpenTofu's CLI configuration, read once per cmdlet invocation: every piped item shares it, and
/// what was read and what OpenTofu would warn about is told once, not once per item.
/// </summary>
internal sealed class CliConfigurationOnce
{
    private readonly object _gate = new();
    private Task<CliConfig>? _loading;

    /// <summary>The configuration; the first caller's <paramref name="verbose"/> and <paramref name="warning"/> hear about it.</summary>
    public async Task<CliConfig> GetAsync(Action<string> verbose, Action<string> warning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verbose);
        ArgumentNullException.ThrowIfNull(warning);
        bool first;
        Task<CliConfig> loading;
        lock (_gate)
        {
            first = _loading is null;
            // Not tied to the first item's token: a later item must not inherit a cancelled load.
            loading = _loading ??= CliConfigLoader.LoadAsync(CliConfigEnvironment.Current(), CancellationToken.None);
        }

        var config = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first)
        {
            verbose(config.Files.Count == 0
                ? "No OpenTofu CLI configuration file was found."
                : $"Read the OpenTofu CLI configuration from {string.Join(", ", config.Files)}.");
            foreach (var w in config.Warnings)
            {
                warning(w.ToString());
            }
        }

        return config;
    }
}
