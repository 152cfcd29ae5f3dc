using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The parameters of every cmdlet that reads providers from a mirror: where the mirror is (an explicit
/// repository, a repository template, or OpenTofu's CLI configuration) and how to reach it.
/// </summary>
public abstract class ProviderRepositoryCommandBase : RegistryCredentialCommandBase
{
    [Parameter(Mandatory = true, ParameterSetName = ProviderSets.Repository)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string? Repository { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string? RepositoryTemplate { get; set; }

    /// <summary>
    /// Plans how <paramref name="providers"/> are read with the mirror parameters; warns about the
    /// parameters that do not apply. Throws the Core errors a bad address, template or combination gives.
    /// </summary>
    private protected AccessPlan PlanRepositorySource(IReadOnlyList<ProviderAddress> providers) =>
        PlanAccess(AccessRequest(Repository is null ? [] : [new AddressInput(Repository)], Credential, PlainHttp.IsPresent,
            RepositoryTemplate, CredentialRegistry, providers));

    /// <summary>
    /// The source of a version piped from Get-TofuProviderVersion: its own repository, reached as its
    /// connection says; -Credential, -PlainHttp and the TLS parameters given here take precedence.
    /// </summary>
    private protected AccessPlan PlanPipedVersion(TofuProviderVersionInfo item) =>
        PlanAccess(AccessRequest([new AddressInput(item.Repository) { Carried = item.Connection?.Access }], Credential, PlainHttp.IsPresent,
            credentialRegistry: CredentialRegistry, providers: [ProviderAddress.Parse(item.Source)]));

    /// <summary>The -Verbose line naming where providers are read from and how.</summary>
    private protected static async Task<string> DescribeSourceAsync(AccessPlan plan, bool piped, CancellationToken cancellationToken)
    {
        var reached = (await plan.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text;
        return piped ? $"Reading the piped version from {reached}, as it was listed." : $"Reading providers from {reached}.";
    }
}
