using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>One thing audited: a provider repository (with its request) or a module source.</summary>
internal sealed record AuditUnit(IReadOnlyTarget Target, ProviderAuditRequest? Provider, ModuleAddress? Module);
