using System.Text;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// A <c>credentials "HOST" { token = "…" }</c> block of OpenTofu's CLI configuration: the bearer token
/// sent to that host's provider registry or network mirror (docs/opentofu-compatibility.md §9.4).
/// The token never appears in <see cref="ToString"/>.
/// </summary>
/// <param name="Host">The label in comparison form: lower case, without the default port 443.</param>
/// <param name="Token">The <c>token</c> argument, or null when the block sets none (then nothing is sent).</param>
/// <param name="Position">Where the block is.</param>
public sealed record HostCredentialsConfig(string Host, string? Token, HclPosition Position)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Host = ").Append(Host)
            .Append(", Token = ").Append(Token is null ? string.Empty : "***")
            .Append(", Position = ").Append(Position);
        return true;
    }
}
