using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>Configurations the reader must refuse, each with InvalidConfiguration naming the file and line (docs/opentofu-compatibility.md §11).</summary>
public sealed class RootModuleErrorTests
{
    private static async Task<string> FailureOf(TempDirectory temp, params (string Path, string Text)[] files)
    {
        var root = Configurations.Write(temp.Path, files);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(root));
        Assert.Equal(ErrorCode.InvalidConfiguration, ex.Code);
        Assert.Equal(ErrorIds.InvalidConfiguration, ex.ErrorId);
        // Messages name the file relative to nothing: strip the temp directory to compare exactly.
        return ex.Message.Replace(root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Replace('\\', '/');
    }

    [Theory]
    [InlineData("module \"m\" {\n  source = var.module_source\n}\n",
        "main.tf:2:12: the source of module \"m\" must be a literal string, not the expression var.module_source — ")]
    [InlineData("module \"m\" {\n  source = \"oci://r.example/${var.name}\"\n}\n",
        "main.tf:2:12: the source of module \"m\" must be a literal string, not the expression \"oci://r.example/${var.name}\" — ")]
    [InlineData("module \"m\" {\n  source  = \"./m\"\n  version = local.v\n}\n",
        "main.tf:3:13: the version of module \"m\" must be a literal string, not the expression local.v — ")]
    [InlineData("terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = var.v }\n  }\n}\n",
        "main.tf:3:49: the version of required provider \"aws\" must be a literal string, not the expression var.v — ")]
    [InlineData("terraform {\n  required_providers {\n    aws = var.aws\n  }\n}\n",
        "main.tf:3:11: the required provider \"aws\" must be an object with literal source and version, not the expression var.aws — ")]
    [InlineData("terraform {\n  required_providers {\n    aws = { source = \"aws\" }\n  }\n}\n",
        "main.tf:3:22: the provider source \"aws\" is not valid: give the namespace too")]
    [InlineData("terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"~> 5.x\" }\n  }\n}\n",
        "main.tf:3:49: the version constraint \"~> 5.x\" for hashicorp/aws is not valid: ")]
    [InlineData("module \"m\" {\n  source = \"oci://r.example/m?tag=1&digest=sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n}\n",
        "main.tf:2:12: the source \"oci://r.example/m?tag=1&digest=sha256:0000000000000000000000000000000000000000000000000000000000000000\" of module \"m\" is not a valid OCI module address — ")]
    [InlineData("module \"m\" {\n  version = \"1.0.0\"\n}\n",
        "main.tf:1:1: module \"m\" has no source — ")]
    [InlineData("module \"m\" {\n  source = \"./m\"\n",
        "main.tf:1:12: this block is not closed — ")]
    [InlineData("locals {\n  a = [for x in var.xs : x\n}\n",
        "main.tf:3:1: unexpected \"}\": the \"[\" at 2:7 is still open — ")]
    public async Task A_configuration_OpenTofu_cannot_read_is_InvalidConfiguration_at_its_file_and_line(string mainTf, string expectedStart)
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp, ("main.tf", mainTf));

        Assert.StartsWith(expectedStart, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_literal_source_in_JSON_syntax_is_InvalidConfiguration()
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp, ("main.tf.json", "{\n  \"module\": {\n    \"m\": { \"source\": \"${var.src}\" }\n  }\n}\n"));

        Assert.StartsWith("main.tf.json:3:22: the source of module \"m\" must be a literal string, not a template (\"${var.src}\") — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_cycle_is_InvalidConfiguration_naming_the_call_that_closes_it()
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp,
            ("main.tf", "module \"a\" {\n  source = \"./a\"\n}\n"),
            ("a/main.tf", "module \"b\" {\n  source = \"./b\"\n}\n"),
            ("a/b/main.tf", "# back up\nmodule \"back\" {\n  source = \"../\"\n}\n"));

        Assert.StartsWith("a/b/main.tf:3:12: module \"back\" calls \"../\", which closes a cycle of module calls (a → a/b → a) — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_back_to_a_calling_directory_is_a_cycle()
    {
        using var temp = new TempDirectory();
        Configurations.Write(temp.Path, ("main.tf", "module \"loop\" {\n  source = \"./modules/loop\"\n}\n"));
        Directory.CreateDirectory(temp.Combine("modules"));
        Directory.CreateSymbolicLink(temp.Combine("modules", "loop"), temp.Path);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(temp.Path));

        Assert.Equal(ErrorCode.InvalidConfiguration, ex.Code);
        Assert.StartsWith($"{temp.Combine("main.tf")}:2:12: module \"loop\" calls \"./modules/loop\", which closes a cycle of module calls ({temp.Path} → {temp.Combine("modules", "loop")}) — ",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_local_module_directory_is_InvalidConfiguration_naming_the_call()
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp, ("main.tf", "module \"gone\" {\n  source = \"./modules/gone\"\n}\n"));

        Assert.StartsWith("main.tf:2:12: module \"gone\" calls \"./modules/gone\", but the directory modules/gone does not exist — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_module_blocks_of_one_name_are_InvalidConfiguration()
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp,
            ("a.tf", "module \"m\" {\n  source = \"./m\"\n}\n"),
            ("b.tf", "\nmodule \"m\" {\n  source = \"./n\"\n}\n"));

        Assert.StartsWith("b.tf:2:1: a module call named \"m\" is already defined at a.tf:1:1 — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_of_a_module_nobody_defines_is_InvalidConfiguration()
    {
        using var temp = new TempDirectory();

        var message = await FailureOf(temp,
            ("main.tf", "module \"m\" {\n  source = \"./m\"\n}\n"),
            ("m/main.tf", string.Empty),
            ("override.tf", "module \"other\" {\n  source = \"./o\"\n}\n"));

        Assert.StartsWith("override.tf:1:1: this override file changes module \"other\", but no other file of the module defines it — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_is_InvalidConfiguration()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("main.tf"), [(byte)'a', (byte)' ', (byte)'=', (byte)' ', (byte)'"', 0xff, (byte)'"', (byte)'\n']);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(temp.Path));

        Assert.Equal(ErrorCode.InvalidConfiguration, ex.Code);
        Assert.Equal($"{temp.Combine("main.tf")}: the file is not UTF-8 text — save it as UTF-8, the only encoding OpenTofu reads", ex.Message);
    }

    [Fact]
    public async Task A_directory_without_configuration_files_is_InvalidConfiguration()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("README.md"), "# not a module\n");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(temp.Path));

        Assert.Equal(ErrorCode.InvalidConfiguration, ex.Code);
        Assert.StartsWith($"{temp.Path}: the directory holds no configuration files", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_root_directory_is_InvalidConfiguration()
    {
        using var temp = new TempDirectory();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(temp.Combine("nope")));

        Assert.Equal((ErrorCode.InvalidConfiguration, temp.Combine("nope")), (ex.Code, ex.Target));
    }
}
