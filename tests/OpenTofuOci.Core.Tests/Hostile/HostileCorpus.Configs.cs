using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>CLI configurations, Docker-style config files and credential helper output.</summary>
internal static partial class HostileCorpus
{
    private static readonly (string Name, string File, string Text, string Expected)[] BadCliConfigs =
    [
        ("unterminated block", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n", ErrorIds.InvalidCliConfiguration),
        ("unterminated string", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"example.com/${namespace}\n  }\n}\n", ErrorIds.InvalidCliConfiguration),
        ("unterminated heredoc", "tofu.tfrc", "plugin_cache_dir = <<EOT\n/tmp\n", ErrorIds.InvalidCliConfiguration),
        ("template is a number", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = 42\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.InvalidRepositoryTemplate),
        ("template without type", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"r.example/${namespace}\"\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.InvalidRepositoryTemplate),
        ("template with an unknown placeholder", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"r.example/${namespace}/${type}/${evil}\"\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.InvalidRepositoryTemplate),
        ("template calling a function", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"r.example/${file(\"/etc/passwd\")}/${namespace}/${type}\"\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.UnsupportedTemplateExpression),
        ("template with user info", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"user:pw@r.example/${namespace}/${type}\"\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.InvalidRepositoryTemplate),
        ("oci_mirror without template", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    include = [\"example.com/*/*\"]\n  }\n}\n", ErrorIds.InvalidCliConfiguration),
        ("include is a string", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"r.example/${namespace}/${type}\"\n    include = \"example.com/*/*\"\n  }\n}\n", ErrorIds.InvalidCliConfiguration),
        ("include with a bad pattern", "tofu.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"r.example/${namespace}/${type}\"\n    include = [\"example.com/*/*/*\"]\n  }\n}\n", ErrorIds.InvalidProviderPattern),
        ("provider_installation is an attribute", "tofu.tfrc", "provider_installation = \"x\"\n", ErrorIds.InvalidCliConfiguration),
        ("plugin_cache_dir is a list", "tofu.tfrc", "plugin_cache_dir = [\"/tmp\"]\n", ErrorIds.InvalidCliConfiguration),
        ("stray closing brace", "tofu.tfrc", "}\n", ErrorIds.InvalidCliConfiguration),
        ("JSON not JSON", "tofu.tfrc.json", "{\"provider_installation\":", ErrorIds.InvalidCliConfiguration),
        ("JSON template is an object", "tofu.tfrc.json", "{\"provider_installation\":{\"oci_mirror\":{\"repository_template\":{},\"include\":[\"example.com/*/*\"]}}}", ErrorIds.InvalidCliConfiguration),
        ("JSON top level is an array", "tofu.tfrc.json", "[]", ErrorIds.InvalidCliConfiguration),
        ("oci_credentials without a label", "tofu.tfrc", "oci_credentials {\n  username = \"u\"\n  password = \"p\"\n}\n", ErrorIds.InvalidCliConfiguration),
        ("oci_credentials with only a password", "tofu.tfrc", "oci_credentials \"example.com\" {\n  password = \"p\"\n}\n", ErrorIds.InvalidCliConfiguration),
        ("100,000 nested lists", "tofu.tfrc", "plugin_cache_dir = " + new string('[', 100_000) + new string(']', 100_000) + "\n", ErrorIds.InvalidCliConfiguration),
        ("100,000 nested objects", "tofu.tfrc", "plugin_cache_dir = " + string.Concat(Enumerable.Repeat("{a = ", 100_000)) + "1" + new string('}', 100_000) + "\n", ErrorIds.InvalidCliConfiguration),
        ("100,000 nested blocks", "tofu.tfrc", string.Concat(Enumerable.Repeat("provider_installation {\n", 100_000)) + new string('}', 100_000) + "\n", ErrorIds.InvalidCliConfiguration),
        ("JSON 100,000 nested arrays", "tofu.tfrc.json", "{\"plugin_cache_dir\":" + new string('[', 100_000) + new string(']', 100_000) + "}", ErrorIds.InvalidCliConfiguration),
    ];

    private static IEnumerable<HostileCase> CliConfigCases()
    {
        foreach (var (name, file, text, expected) in BadCliConfigs)
        {
            yield return new HostileCase(HostileCategory.CliConfig, name, expected, sandbox =>
            {
                var config = sandbox.Write(file, text);

                var destination = Destination(sandbox, "mirror");
                return new HostileRun(["provider", "install", "example.com/ns/name", "--destination", destination, "--platform", "linux_amd64"],
                    new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = config }, destination);
            });
        }
    }

    private static readonly (string Name, string Json, string Expected)[] BadDockerConfigs =
    [
        ("not JSON", "{\"auths\":", ErrorIds.InvalidCredentialsConfiguration),
        ("a JSON array", "[]", ErrorIds.InvalidCredentialsConfiguration),
        ("auths is a list", "{\"auths\":[]}", ErrorIds.InvalidCredentialsConfiguration),
        ("auth is not base64", "{\"auths\":{\"REGISTRY\":{\"auth\":\"!!!not base64!!!\"}}}", ErrorIds.InvalidCredentialsConfiguration),
        ("auth without a colon", "{\"auths\":{\"REGISTRY\":{\"auth\":\"" + Convert.ToBase64String("nocolon"u8.ToArray()) + "\"}}}", ErrorIds.Unauthorized),
        ("auth is a number", "{\"auths\":{\"REGISTRY\":{\"auth\":42}}}", ErrorIds.InvalidCredentialsConfiguration),
        ("credHelpers value is a number", "{\"credHelpers\":{\"REGISTRY\":7}}", ErrorIds.InvalidCredentialsConfiguration),
        ("credsStore is an object", "{\"credsStore\":{}}", ErrorIds.InvalidCredentialsConfiguration),
        ("identitytoken is a list", "{\"auths\":{\"REGISTRY\":{\"identitytoken\":[]}}}", ErrorIds.InvalidCredentialsConfiguration),
        ("NUL bytes", "\0\0\0", ErrorIds.InvalidCredentialsConfiguration),
        ("huge auth value", "{\"auths\":{\"REGISTRY\":{\"auth\":\"" + new string('A', 12 * 1024 * 1024) + "\"}}}", ErrorIds.Unauthorized),
        ("truncated after a key", "{\"auths\":{\"REGISTRY\"", ErrorIds.InvalidCredentialsConfiguration),
    ];

    /// <summary>
    /// A Docker-style file named explicitly by the CLI configuration: a file that cannot be read is an
    /// error (as in OpenTofu); an entry that cannot be used is skipped with a warning, so the registry
    /// then refuses the anonymous request.
    /// </summary>
    private static IEnumerable<HostileCase> DockerConfigCases()
    {
        foreach (var (name, json, expected) in BadDockerConfigs)
        {
            yield return new HostileCase(HostileCategory.DockerConfig, name, expected, sandbox =>
            {
                var docker = sandbox.Write(Path.Combine("docker", "config.json"), json.Replace("REGISTRY", sandbox.Registry));
                var config = sandbox.Write("tofu.tfrc", $"oci_default_credentials {{\n  docker_style_config_files = [\"{docker}\"]\n}}\n");
                return new HostileRun(["tags", $"{sandbox.Registry}/hostile/repo", "--plain-http"], new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = config });
            });
        }
    }

    private static readonly (string Name, string Script, string Expected)[] BadHelpers =
    [
        ("output not JSON", "echo 'this is not json'", ErrorIds.CredentialHelperFailed),
        ("empty output", "true", ErrorIds.CredentialHelperFailed),
        ("Secret missing, sent empty as Go does", "echo '{\"Username\":\"u\"}'", ErrorIds.Unauthorized),
        ("a JSON array", "echo '[]'", ErrorIds.CredentialHelperFailed),
        ("truncated JSON", "printf '{\"Username\":\"u\",\"Sec'", ErrorIds.CredentialHelperFailed),
        ("huge output", "head -c 20000000 /dev/zero | tr '\\0' 'a'", ErrorIds.CredentialHelperFailed),
        ("exit code 1 with a message", "echo 'credentials not found in native keychain' >&2; exit 1", ErrorIds.CredentialHelperFailed),
        ("NUL bytes", "printf '\\0\\0\\0'", ErrorIds.CredentialHelperFailed),
        ("Secret is a number", "echo '{\"ServerURL\":\"x\",\"Username\":\"u\",\"Secret\":5}'", ErrorIds.CredentialHelperFailed),
        ("Username is an object", "echo '{\"ServerURL\":\"x\",\"Username\":{},\"Secret\":\"s\"}'", ErrorIds.CredentialHelperFailed),
        ("wrong credentials in valid JSON", "echo '{\"Username\":\"nobody\",\"Secret\":\"wrong\"}'", ErrorIds.Unauthorized),
    ];

    private static HostileRun HelperRun(HostileSandbox sandbox, string helper)
    {
        sandbox.Write(Path.Combine("docker", "config.json"), $"{{\"credHelpers\":{{\"{sandbox.Registry}\":\"{helper}\"}}}}");
        return new HostileRun(["tags", $"{sandbox.Registry}/hostile/repo", "--plain-http"], new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = sandbox.Path_("docker"),
            ["PATH"] = sandbox.Path_("bin") + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),
        });
    }

    private static IEnumerable<HostileCase> CredentialHelperCases()
    {
        foreach (var (name, script, expected) in BadHelpers)
        {
            yield return new HostileCase(HostileCategory.CredentialHelper, name, expected, sandbox =>
            {
                var path = sandbox.Write(Path.Combine("bin", "docker-credential-hostile"), "#!/bin/sh\ncat >/dev/null\n" + script + "\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                return HelperRun(sandbox, "hostile");
            });
        }

        yield return new HostileCase(HostileCategory.CredentialHelper, "helper not on PATH", ErrorIds.CredentialHelperNotFound, sandbox => HelperRun(sandbox, "absent"));
        yield return new HostileCase(HostileCategory.CredentialHelper, "helper name climbing out", ErrorIds.CredentialHelperNotFound, sandbox => HelperRun(sandbox, "../../bin/sh"));
    }
}
