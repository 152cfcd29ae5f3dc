using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// What an audit needs to reach, for the front end to plan with its own credentials, TLS and plain-HTTP
/// parameters (docs/design.md "Access: one way to reach a registry"): named addresses, else a template, else the
/// CLI configuration, for <see cref="Providers"/>.
/// </summary>
/// <param name="Addresses">The repositories or module sources named.</param>
/// <param name="Template">The repository template, or null.</param>
/// <param name="Providers">The providers the plan maps.</param>
public sealed record AuditAccess(IReadOnlyList<AddressInput> Addresses, string? Template, IReadOnlyList<ProviderAddress> Providers);
