using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Decodes one parsed CLI configuration file into a <see cref="CliConfigFragment"/>, reporting every
/// problem with OpenTofu's summaries and wording (docs/opentofu-compatibility.md §5.2, §6). Like HCL1's
/// decoder, it ignores arguments and blocks it does not know.
/// </summary>
internal sealed class CliConfigDecoder(string file, bool json, CliConfigEnvironment environment)
{
    /// <summary>The blocks of a CLI configuration file, for reading its JSON form.</summary>
    public static HclJsonSchema JsonSchema { get; } = new(new Dictionary<string, HclJsonBlockSchema>(StringComparer.Ordinal)
    {
        ["provider_installation"] = new(0, new HclJsonSchema(new Dictionary<string, HclJsonBlockSchema>(StringComparer.Ordinal)
        {
            [OciMirrorMethod.MethodName] = new(0, HclJsonSchema.Empty),
            ["direct"] = new(0, HclJsonSchema.Empty),
            ["filesystem_mirror"] = new(0, HclJsonSchema.Empty),
            ["network_mirror"] = new(0, HclJsonSchema.Empty),
            ["dev_overrides"] = new(0, HclJsonSchema.Empty),
        })),
        ["oci_credentials"] = new(1, HclJsonSchema.Empty),
        ["oci_default_credentials"] = new(0, HclJsonSchema.Empty),
        ["credentials"] = new(1, HclJsonSchema.Empty),
    });

    private static readonly string[] OtherMethods = ["direct", "filesystem_mirror", "network_mirror", "dev_overrides"];

    private readonly CliConfigFragment _result = new();

    public CliConfigFragment Decode(HclBody body)
    {
        foreach (var item in body.Items)
        {
            switch (item.Name)
            {
                case "plugin_cache_dir" when item is HclAttribute attribute:
                    var dir = HclValues.String(attribute, out var error);
                    if (error is not null)
                    {
                        Problem(item.Position, "Invalid plugin_cache_dir", $"Invalid plugin_cache_dir at {item.Position}: {error}.");
                    }
                    else if (!string.IsNullOrEmpty(dir))
                    {
                        _result.PluginCacheDir = GoEnvExpansion.Expand(dir, environment.GetVariable);
                    }

                    break;
                case "provider_installation":
                    DecodeProviderInstallation(item);
                    break;
                case "oci_credentials":
                    DecodeOciCredentials(item);
                    break;
                case "oci_default_credentials":
                    DecodeOciDefaultCredentials(item);
                    break;
                case "credentials":
                    DecodeHostCredentials(item);
                    break;
            }
        }

        return _result;
    }

    /// <summary>The checks every block we read shares: it is a block, not <c>x = {…}</c>, with the right labels.</summary>
    private HclBlock? AsBlock(HclBodyItem item, string summary, int labels, string labelRule)
    {
        if (item is HclAttribute)
        {
            Problem(item.Position, summary, json
                ? $"The {item.Name} block at {item.Position} must be represented by a JSON object."
                : $"The {item.Name} block at {item.Position} must not be introduced with an equals sign.");
            return null;
        }

        var block = (HclBlock)item;
        if (block.Labels.Count != labels)
        {
            Problem(item.Position, summary, $"The {item.Name} block at {item.Position} {labelRule}");
            return null;
        }

        return block;
    }

    private void DecodeProviderInstallation(HclBodyItem item)
    {
        const string summary = "Invalid provider_installation block";
        const string methodSummary = "Invalid provider_installation method block";
        if (AsBlock(item, summary, 0, "must not have any labels.") is not { } block)
        {
            return;
        }

        var methods = new List<ProviderInstallationMethod>();
        foreach (var methodItem in block.Body.Items)
        {
            if (methodItem is not HclBlock method)
            {
                Problem(methodItem.Position, methodSummary, $"The items inside the provider_installation block at {block.Position} must all be blocks.");
                continue;
            }

            if (method.Labels.Count > 0)
            {
                Problem(method.Position, methodSummary, $"The blocks inside the provider_installation block at {block.Position} may not have any labels.");
                continue;
            }

            if (method.Type == OciMirrorMethod.MethodName)
            {
                if (DecodeOciMirror(method) is { } mirror)
                {
                    methods.Add(mirror);
                }
            }
            else if (OtherMethods.Contains(method.Type, StringComparer.Ordinal))
            {
                methods.Add(new UnhandledInstallationMethod(method.Type, method.Position));
                _result.Warnings.Add(new CliConfigWarning(method.Position,
                    $"The {method.Type} installation method is not handled by this module; it only installs from oci_mirror sources, and OpenTofu uses the others itself."));
            }
            else
            {
                Problem(method.Position, methodSummary, $"Unknown provider installation method \"{method.Type}\" at {method.Position}.");
            }
        }

        _result.ProviderInstallations.Add(new ProviderInstallationConfig(methods, block.Position));
    }

    private OciMirrorMethod? DecodeOciMirror(HclBlock block)
    {
        const string summary = "Invalid provider_installation method block";
        string? template = null;
        List<string>? include = null, exclude = null;
        var errors = new List<string>();
        foreach (var attribute in block.Body.Attributes)
        {
            string? error = null;
            switch (attribute.Name)
            {
                case "repository_template": template = HclValues.String(attribute, out error); break;
                case "include": include = HclValues.StringList(attribute, out error); break;
                case "exclude": exclude = HclValues.StringList(attribute, out error); break;
            }

            if (error is not null)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Problem(block.Position, summary, $"Invalid oci_mirror block at {block.Position}: {error}.");
            }

            return null;
        }

        if (string.IsNullOrEmpty(template))
        {
            Problem(block.Position, summary, $"Invalid oci_mirror block at {block.Position}: \"repository_template\" argument is required.");
            return null;
        }

        return new OciMirrorMethod(template, include ?? [], exclude ?? [], block.Position);
    }

    private void DecodeOciDefaultCredentials(HclBodyItem item)
    {
        const string summary = "Invalid oci_default_credentials block";
        if (AsBlock(item, summary, 0, "must not have any labels.") is not { } block)
        {
            return;
        }

        var discover = true;
        List<string>? files = null;
        string? helper = null;
        var ok = true;
        foreach (var attribute in block.Body.Attributes)
        {
            string? error = null;
            switch (attribute.Name)
            {
                case "discover_ambient_credentials": discover = HclValues.Bool(attribute, out error) ?? discover; break;
                case "docker_style_config_files": files = HclValues.StringList(attribute, out error); break;
                case "docker_credentials_helper": helper = HclValues.String(attribute, out error); break;
            }

            if (error is not null)
            {
                Problem(block.Position, summary, $"Invalid oci_default_credentials block at {block.Position}: {error}.");
                ok = false;
            }
        }

        if (!ok)
        {
            return;
        }

        if (helper is not null && !IsValidHelperName(helper))
        {
            Problem(block.Position, summary,
                $"The oci_default_credentials block at {block.Position} specifies the invalid Docker credential helper name \"{helper}\". Must be a non-empty string that could be used as part of an executable filename.");
        }

        if (!discover && files is not null)
        {
            Problem(block.Position, summary,
                $"The oci_default_credentials block at {block.Position} disables discovery of ambient credentials, but also sets docker_style_config_files which is relevant only when ambient credentials discovery is enabled.");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? string.Empty;
        _result.OciDefaultCredentials.Add(new OciDefaultCredentialsConfig(
            discover,
            files?.Select(f => Path.GetFullPath(Path.Combine(baseDir, f))).ToList(),
            string.IsNullOrEmpty(helper) ? null : helper,
            block.Position));
    }

    private void DecodeOciCredentials(HclBodyItem item)
    {
        const string summary = "Invalid oci_credentials block";
        if (AsBlock(item, summary, 1, "must have one label, giving an OCI repository address prefix.") is not { } block)
        {
            return;
        }

        var at = $"The oci_credentials block at {block.Position}";
        var label = block.Labels[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var attribute in block.Body.Attributes)
        {
            if (attribute.Name is not ("username" or "password" or "access_token" or "refresh_token" or "docker_credentials_helper"))
            {
                continue;
            }

            var value = HclValues.String(attribute, out var error);
            if (error is not null)
            {
                Problem(block.Position, summary, $"Invalid oci_credentials block at {block.Position}: {error}.");
                ok = false;
                continue;
            }

            values[attribute.Name] = value!;
        }

        if (!RepositoryAddressPrefix.TryParse(label, out _, out var repository, out var labelError))
        {
            Problem(block.Position, summary, $"{at} has an invalid block label: {labelError}.");
            ok = false;
        }

        var basic = values.ContainsKey("username") || values.ContainsKey("password");
        var oauth = values.ContainsKey("access_token") || values.ContainsKey("refresh_token");
        var helper = values.GetValueOrDefault("docker_credentials_helper");
        var styles = (basic ? 1 : 0) + (oauth ? 1 : 0) + (helper is not null ? 1 : 0);
        string? styleError = null;
        if (styles == 0)
        {
            styleError = "must set either username+password, access_token+refresh_token, or docker_credentials_helper.";
        }
        else if (styles > 1)
        {
            styleError = "must set only one group out of username+password, access_token+refresh_token, or docker_credentials_helper.";
        }
        else if (basic && !(values.ContainsKey("username") && values.ContainsKey("password")))
        {
            styleError = "must set both username and password together when using static credentials.";
        }
        else if (oauth && !(values.ContainsKey("access_token") && values.ContainsKey("refresh_token")))
        {
            styleError = "must set both access_token and refresh_token together when using OAuth-style credentials.";
        }
        else if (helper is not null && labelError is null && repository.Length > 0)
        {
            styleError = "cannot set docker_credentials_helper with a repository path: credential helpers only support credentials for whole domains.";
        }
        else if (helper is not null && !IsValidHelperName(helper))
        {
            styleError = $"specifies the invalid Docker credential helper name \"{helper}\". Must be a non-empty string that could be used as part of an executable filename.";
        }

        if (styleError is not null)
        {
            Problem(block.Position, summary, $"{at} {styleError}");
            ok = false;
        }

        if (ok)
        {
            _result.OciCredentials.Add(new OciCredentialsConfig(label,
                values.GetValueOrDefault("username"), values.GetValueOrDefault("password"),
                values.GetValueOrDefault("access_token"), values.GetValueOrDefault("refresh_token"),
                helper, block.Position));
        }
    }

    /// <summary>
    /// <c>credentials "HOST" { token = "…" }</c> (docs/opentofu-compatibility.md §9.4). OpenTofu rejects a label
    /// that is not a host name; other arguments are kept by OpenTofu for credentials helpers and ignored here.
    /// </summary>
    private void DecodeHostCredentials(HclBodyItem item)
    {
        const string summary = "Invalid credentials block";
        if (AsBlock(item, summary, 1, "must have one label, giving the host name the credentials are for.") is not { } block)
        {
            return;
        }

        if (!ServiceHost.TryNormalize(block.Labels[0], out var host))
        {
            Problem(block.Position, summary, $"The credentials \"{block.Labels[0]}\" block at {block.Position} has an invalid hostname.");
            return;
        }

        string? token = null;
        foreach (var attribute in block.Body.Attributes)
        {
            if (attribute.Name != "token")
            {
                continue;
            }

            token = HclValues.String(attribute, out var error);
            if (error is not null)
            {
                Problem(block.Position, summary, $"Invalid credentials block at {block.Position}: {error}.");
                return;
            }
        }

        _result.HostCredentials.Add(new HostCredentialsConfig(host, string.IsNullOrEmpty(token) ? null : token, block.Position));
    }

    /// <summary>A helper name becomes part of an executable file name: non-empty, no directory separator.</summary>
    private bool IsValidHelperName(string name) =>
        name.Length > 0 && !name.Contains('/', StringComparison.Ordinal)
        && !(environment.Platform == CliConfigPlatform.Windows && name.Contains('\\', StringComparison.Ordinal));

    private void Problem(HclPosition position, string summary, string detail) =>
        _result.Problems.Add(new CliConfigProblem(file, position, summary, detail));
}
