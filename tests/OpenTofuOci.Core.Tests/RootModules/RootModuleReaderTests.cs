using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>RootModuleReader over real directories (docs/opentofu-compatibility.md §11).</summary>
public sealed class RootModuleReaderTests
{
    private const string Digest = "sha256:3f2a1e0c9b8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29";

    private static string Where(ConfigLocation at, string root) => $"{Path.GetRelativePath(root, at.File).Replace('\\', '/')}:{at.Line}:{at.Column}";

    private static string Spanned(ConfigLocation at) => File.ReadAllText(at.File).Substring(at.Offset, at.Length);

    [Fact]
    public async Task A_root_with_nested_local_modules_in_HCL_and_JSON_gives_every_provider_constraint_pin_and_call()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Copy(temp, "nested");

        var module = await RootModuleReader.ReadAsync(root);

        Assert.Equal(root, module.Directory);
        Assert.Equal(
            [
                "registry.opentofu.org/hashicorp/aws|~> 5.0, >= 5.10, < 6.0|5.31.0|versions.tofu:6:5 main.tf:1:1 network/main.tf:3:5 common/main.tf.json:5:9",
                "registry.opentofu.org/hashicorp/cloudinit||-|common/main.tf.json:6:9",
                "registry.opentofu.org/hashicorp/null||-|common/main.tf.json:15:7",
                "registry.opentofu.org/hashicorp/random|~> 3.6|3.6.0|versions.tofu:11:5",
                "registry.opentofu.org/hashicorp/tls||-|main.tf:24:1",
            ],
            module.Providers.Select(p => $"{p.Address}|{p.Constraint.Text}|{p.LockedVersion ?? "-"}|{string.Join(" ", p.DeclaredAt.Select(d => Where(d, root)))}"));
        Assert.Equal(3, module.Providers[0].Constraint.Clauses.Count);
        Assert.Same(VersionConstraint.Any, module.Providers[1].Constraint);
        Assert.Equal(
            [
                "|network|./network|-|main.tf:6:12",
                "|app|oci://registry.example.com/modules/app?tag=1.2.0|-|main.tf:11:12",
                $"|db|oci://registry.example.com/modules/db//postgres?digest={Digest}|-|main.tf:16:12",
                "|vpc|terraform-aws-modules/vpc/aws|5.1.0|main.tf:20:13",
                "module.network|common|../common|-|network/main.tf:12:12",
                "module.network.module.common|labels|oci://registry.example.com/modules/labels|-|common/main.tf.json:11:27",
            ],
            module.ModuleCalls.Select(c => $"{c.ModulePath}|{c.Name}|{c.Source}|{c.Version ?? "-"}|{Where(c.SourceLocation, root)}"));
        Assert.All(module.ModuleCalls, c => Assert.Equal("\"" + c.Source + "\"", Spanned(c.SourceLocation)));
        Assert.Equal([Path.Combine(root, "network"), null, null, null, Path.Combine(root, "common"), null], module.ModuleCalls.Select(c => c.LocalDirectory));
    }

    [Fact]
    public async Task OCI_sources_are_parsed_with_tag_digest_and_subdirectory()
    {
        using var temp = new TempDirectory();
        var module = await RootModuleReader.ReadAsync(Configurations.Copy(temp, "nested"));

        var oci = module.ModuleCalls.Where(c => c.OciAddress is not null).ToDictionary(c => c.Name, c => c.OciAddress!);

        Assert.Equal(["app", "db", "labels"], oci.Keys);
        Assert.Equal(("registry.example.com/modules/app", "1.2.0", null, null), (oci["app"].RepositoryText, oci["app"].Tag, oci["app"].Digest?.ToString(), oci["app"].Subdir));
        Assert.Equal(("registry.example.com/modules/db", Digest, "postgres"), (oci["db"].RepositoryText, oci["db"].Digest?.ToString(), oci["db"].Subdir));
        Assert.Equal("latest", oci["labels"].Tag);
        Assert.Null(module.ModuleCalls.Single(c => c.Name == "vpc").OciAddress);
    }

    [Fact]
    public async Task Hidden_editor_and_shadowed_files_are_not_read_and_the_lock_file_is()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Copy(temp, "nested");

        var module = await RootModuleReader.ReadAsync(root);

        // versions.tf (hidden by versions.tofu), .hidden.tf, main.tf~ and #main.tf# each require a provider of their own.
        Assert.DoesNotContain(module.Providers, p => p.Address.Namespace == "example");
        Assert.Equal(["common/main.tf.json", "main.tf", "network/main.tf", "versions.tofu"],
            module.FileDigests.Keys.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(root, ".terraform.lock.hcl"), module.LockFilePath);
        Assert.Equal(["registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/random"], module.LockFile!.Providers.Keys);
    }

    [Fact]
    public async Task A_large_realistic_file_with_every_kind_of_expression_is_read()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Copy(temp, "realistic");

        var module = await RootModuleReader.ReadAsync(root);

        Assert.Equal(
            [
                "registry.opentofu.org/hashicorp/aws|>= 5.40, < 6.0",
                "registry.opentofu.org/hashicorp/helm|2.14.0",
                "registry.opentofu.org/hashicorp/http|",
                "registry.opentofu.org/hashicorp/kubernetes|~> 2.31",
                "registry.opentofu.org/hashicorp/random|",
            ],
            module.Providers.Select(p => $"{p.Address}|{p.Constraint.Text}"));
        Assert.Equal(
            [
                "network|oci://registry.example.com/platform/network?tag=3.1.4|main.tf:165:12",
                "addons|oci://registry.example.com/platform/addons//charts|main.tf:174:14",
            ],
            module.ModuleCalls.Select(c => $"{c.Name}|{c.Source}|{Where(c.SourceLocation, root)}"));
        Assert.All(module.ModuleCalls, c => Assert.Equal("\"" + c.Source + "\"", Spanned(c.SourceLocation)));
        Assert.Null(module.ModuleCalls[1].Version);
        Assert.Null(module.LockFile);
    }

    [Fact]
    public async Task Override_files_replace_module_sources_and_provider_entries()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Write(temp.Path,
            ("main.tf", "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"~> 4.0\" }\n  }\n}\n\nmodule \"app\" {\n  source  = \"oci://old.example/app\"\n  version = \"1.0.0\"\n}\n"),
            ("override.tf", "module \"app\" {\n  source = \"oci://new.example/app?tag=2.0.0\"\n}\n"),
            ("versions_override.tf.json", "{\"terraform\": {\"required_providers\": {\"aws\": {\"source\": \"hashicorp/aws\", \"version\": \"~> 5.0\"}}}}"));

        var module = await RootModuleReader.ReadAsync(root);

        var call = Assert.Single(module.ModuleCalls);
        Assert.Equal(("oci://new.example/app?tag=2.0.0", "1.0.0", "override.tf:2:12"), (call.Source, call.Version, Where(call.SourceLocation, root)));
        var aws = Assert.Single(module.Providers);
        Assert.Equal(("~> 5.0", "versions_override.tf.json:1:39"), (aws.Constraint.Text, Where(aws.DeclaredAt.Single(), root)));
    }

    [Fact]
    public async Task JSON_syntax_takes_terraform_as_an_object_the_legacy_version_string_and_a_resource_provider_reference()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Write(temp.Path,
            ("main.tofu.json", """
            {
              "terraform": { "required_providers": { "google": "~> 6.1", "acme": { "source": "example.com/acme/acme" } } },
              "provider": { "google": [{ "project": "a" }, { "alias": "b", "project": "b" }] },
              "resource": { "acmedns_record": { "r": { "provider": "acme", "name": "x" } } },
              "data": { "external": { "e": { "program": ["true"] } } }
            }
            """));

        var module = await RootModuleReader.ReadAsync(root);

        Assert.Equal(
            ["example.com/acme/acme|", "registry.opentofu.org/hashicorp/external|", "registry.opentofu.org/hashicorp/google|~> 6.1"],
            module.Providers.Select(p => $"{p.Address}|{p.Constraint.Text}"));
        Assert.Equal(3, module.Providers[2].DeclaredAt.Count);
    }

    [Fact]
    public async Task The_built_in_terraform_provider_and_provider_block_versions_are_handled_as_OpenTofu_does()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Write(temp.Path,
            ("main.tf", "data \"terraform_remote_state\" \"net\" {\n  backend = \"local\"\n}\n\nprovider \"docker\" {\n  version = \">= 3.0\"\n}\n\nresource \"docker_image\" \"i\" {\n  provider = docker\n}\n"));

        var module = await RootModuleReader.ReadAsync(root);

        var docker = Assert.Single(module.Providers);
        Assert.Equal(("registry.opentofu.org/hashicorp/docker", ">= 3.0"), (docker.Address.ToString(), docker.Constraint.Text));
    }

    [Fact]
    public async Task A_local_module_called_twice_is_read_for_each_call()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Write(temp.Path,
            ("main.tf", "module \"a\" {\n  source = \"./child\"\n}\nmodule \"b\" {\n  source = \"./child\"\n}\n"),
            ("child/main.tf", "module \"leaf\" {\n  source = \"oci://r.example/leaf\"\n}\nresource \"null_resource\" \"n\" {}\n"));

        var module = await RootModuleReader.ReadAsync(root);

        Assert.Equal(["|a", "|b", "module.a|leaf", "module.b|leaf"], module.ModuleCalls.Select(c => $"{c.ModulePath}|{c.Name}"));
        Assert.Equal(2, Assert.Single(module.Providers).DeclaredAt.Count);
    }
}
