using System.Text;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// An <c>oci_credentials "&lt;repository prefix&gt;" { … }</c> block, validated as OpenTofu validates it
/// (docs/opentofu-compatibility.md §5.2). Exactly one style is set: username+password, access_token+refresh_token,
/// or docker_credentials_helper. Secrets never appear in <see cref="ToString"/>.
/// </summary>
/// <param name="RepositoryPrefix">The label: a registry domain, optionally followed by a repository path.</param>
public sealed record OciCredentialsConfig(
    string RepositoryPrefix,
    string? Username,
    string? Password,
    string? AccessToken,
    string? RefreshToken,
    string? DockerCredentialsHelper,
    HclPosition Position)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("RepositoryPrefix = ").Append(RepositoryPrefix)
            .Append(", Username = ").Append(Username)
            .Append(", Password = ").Append(Password is null ? string.Empty : "***")
            .Append(", AccessToken = ").Append(AccessToken is null ? string.Empty : "***")
            .Append(", RefreshToken = ").Append(RefreshToken is null ? string.Empty : "***")
            .Append(", DockerCredentialsHelper = ").Append(DockerCredentialsHelper)
            .Append(", Position = ").Append(Position);
        return true;
    }
}

/// <summary>
/// The <c>oci_default_credentials { … }</c> block (docs/opentofu-compatibility.md §5.1, §5.2).
/// </summary>
/// <param name="DiscoverAmbientCredentials">Default true.</param>
/// <param name="DockerStyleConfigFiles">
/// Null means discover the Docker-style files automatically; empty means read none. Relative paths are
/// already joined to the directory of the file that set them and made absolute.</param>
/// <param name="DockerCredentialsHelper">A helper name (the part after <c>docker-credential-</c>) used for every registry, or null.</param>
public sealed record OciDefaultCredentialsConfig(
    bool DiscoverAmbientCredentials,
    IReadOnlyList<string>? DockerStyleConfigFiles,
    string? DockerCredentialsHelper,
    HclPosition Position);
