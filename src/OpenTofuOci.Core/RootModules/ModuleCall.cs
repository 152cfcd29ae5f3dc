using OpenTofuOci.Core.Modules;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// One <c>module "NAME" { source = … }</c> block (docs/opentofu-compatibility.md §11).
/// </summary>
/// <param name="Name">The block's label.</param>
/// <param name="ModulePath">Where the call is: <c>module.a.module.b</c> style, empty for the root module.</param>
/// <param name="Source">The <c>source</c> string as written.</param>
/// <param name="Version">The <c>version</c> argument, or null.</param>
/// <param name="SourceLocation">The span of the <c>source</c> string literal (quotes included), for rewriting.</param>
/// <param name="OciAddress">The parsed address when <see cref="Source"/> is an <c>oci://</c> source, else null.</param>
/// <param name="LocalDirectory">The absolute directory of a local (<c>./</c>, <c>../</c>) source, else null.</param>
public sealed record ModuleCall(
    string Name,
    string ModulePath,
    string Source,
    string? Version,
    ConfigLocation SourceLocation,
    ModuleAddress? OciAddress,
    string? LocalDirectory);
