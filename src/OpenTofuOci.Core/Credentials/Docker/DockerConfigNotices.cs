using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// What to tell the user when <c>DOCKER_CONFIG</c> is set: this tool follows docker there, OpenTofu does
/// not, so <c>tofu init</c> would not see the same file (docs/design.md "Credentials").
/// </summary>
internal static class DockerConfigNotices
{
    /// <summary>For the credentials policy: read in place of <c>~/.docker/config.json</c>.</summary>
    public static CredentialNotice? Discovery(CredentialEnvironment environment)
    {
        if (DockerConfigLocations.DockerConfigDirectory(environment) is null)
        {
            return null;
        }

        var path = DockerConfigLocations.DockerConfigPath(environment);
        var tofus = DockerConfigLocations.OpenTofuDockerConfigPath(environment);
        return new CredentialNotice(false,
            $"{DockerConfigLocations.DockerConfigVariable} is set, so {path} is read in place of {tofus}, as docker and oras do. "
            + $"OpenTofu does not read {DockerConfigLocations.DockerConfigVariable}: tofu init reads {tofus} and may use other credentials than shown here. "
            + $"To make tofu read the same file, {HowTofuReads(path)}; or unset {DockerConfigLocations.DockerConfigVariable}.")
        {
            DiffersFromOpenTofu = true,
        };
    }

    /// <summary>For a login stored because of <c>DOCKER_CONFIG</c>: in its file, or through the helper its file names.</summary>
    public static CredentialNotice? Login(CredentialEnvironment environment, string registry, string? helper)
    {
        if (DockerConfigLocations.DockerConfigDirectory(environment) is null)
        {
            return null;
        }

        var path = DockerConfigLocations.DockerConfigPath(environment);
        var where = helper is null ? $"the login was stored in {path}" : $"{path} chose where the login went ({helper})";
        return new CredentialNotice(true,
            $"{DockerConfigLocations.DockerConfigVariable} is set, so {where}, where docker and oras look. "
            + $"OpenTofu does not read {DockerConfigLocations.DockerConfigVariable}: tofu init will not find this login through {path}. "
            + $"To make tofu read it, {HowTofuReads(path)}, or add an oci_credentials block for {registry}; or log in again with {DockerConfigLocations.DockerConfigVariable} unset.")
        {
            DiffersFromOpenTofu = true,
        };
    }

    /// <summary>For a logout: only the <c>DOCKER_CONFIG</c> file was changed, not the one OpenTofu reads.</summary>
    public static CredentialNotice? Logout(CredentialEnvironment environment)
    {
        if (DockerConfigLocations.DockerConfigDirectory(environment) is null)
        {
            return null;
        }

        return new CredentialNotice(true,
            $"{DockerConfigLocations.DockerConfigVariable} is set, so only {DockerConfigLocations.DockerConfigPath(environment)} was looked at, as docker logout does. "
            + $"OpenTofu does not read {DockerConfigLocations.DockerConfigVariable}: a login in {DockerConfigLocations.OpenTofuDockerConfigPath(environment)}, which tofu reads, was left as it is.")
        {
            DiffersFromOpenTofu = true,
        };
    }

    private static string HowTofuReads(string path) =>
        $"add oci_default_credentials {{ docker_style_config_files = [{HclText.Quote(path)}] }} to the CLI configuration (it replaces tofu's default list of files)";
}
