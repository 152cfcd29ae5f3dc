using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>ModuleSourceRewriter changes only source literals and refuses files changed since reading (docs/opentofu-compatibility.md §11).</summary>
public sealed class ModuleSourceRewriterTests
{
    private const string Old = "oci://registry.example.com/modules/app?tag=1.2.0";
    private const string New = "oci://internal.example/mirror/modules/app?tag=1.2.0";

    [Fact]
    public async Task Only_the_source_literal_changes_and_CRLF_comments_and_a_byte_order_mark_stay_byte_for_byte()
    {
        using var temp = new TempDirectory();
        const string before = "\uFEFF# keep me\r\nmodule \"app\" {\r\n  source  = \"" + Old + "\" # pinned\r\n  /* and me */ name = \"x\"\r\n}\r\n\r\nmodule \"other\" {\r\n  source = \"./other\"\r\n}\r\n";
        var main = temp.Combine("main.tf");
        File.WriteAllBytes(main, Encoding.UTF8.GetBytes(before));
        Directory.CreateDirectory(temp.Combine("other"));
        var module = await RootModuleReader.ReadAsync(temp.Path);

        var plan = ModuleSourceRewriter.Plan(module, new Dictionary<string, string> { [Old] = New, ["./unused"] = "oci://x.example/y" });
        await ModuleSourceRewriter.ApplyAsync(plan);

        var rewrite = Assert.Single(plan);
        Assert.Equal(("", "app", Old, New), (rewrite.ModulePath, rewrite.Name, rewrite.OldSource, rewrite.NewSource));
        Assert.Equal(Encoding.UTF8.GetBytes(before.Replace(Old, New, StringComparison.Ordinal)), File.ReadAllBytes(main));
        Assert.Equal(New, (await RootModuleReader.ReadAsync(temp.Path)).ModuleCalls[0].Source);
    }

    [Fact]
    public async Task A_JSON_source_is_rewritten_with_JSON_escaping_and_nothing_else_changes()
    {
        using var temp = new TempDirectory();
        const string before = "{\n  \"module\": {\n    \"app\": {\"source\":\"oci://r.example/app\",   \"count\": 1}\n  }\n}\n";
        File.WriteAllText(temp.Combine("main.tf.json"), before);
        var module = await RootModuleReader.ReadAsync(temp.Path);

        await ModuleSourceRewriter.ApplyAsync(ModuleSourceRewriter.Plan(module, new Dictionary<string, string> { ["oci://r.example/app"] = "oci://n.example/a\"b${x}" }));

        Assert.Equal(before.Replace("\"oci://r.example/app\"", "\"oci://n.example/a\\\"b$${x}\"", StringComparison.Ordinal), File.ReadAllText(temp.Combine("main.tf.json")));
    }

    [Fact]
    public async Task Sources_in_nested_modules_of_both_syntaxes_are_rewritten_and_other_files_are_untouched()
    {
        using var temp = new TempDirectory();
        var root = Configurations.Copy(temp, "nested");
        var before = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var module = await RootModuleReader.ReadAsync(root);
        var map = module.ModuleCalls.Where(c => c.OciAddress is not null)
            .ToDictionary(c => c.Source, c => c.Source.Replace("registry.example.com/modules", "mirror.internal/mods", StringComparison.Ordinal));

        var plan = ModuleSourceRewriter.Plan(module, map);
        await ModuleSourceRewriter.ApplyAsync(plan);

        Assert.Equal(["app", "db", "labels"], plan.Select(r => r.Name));
        var after = await RootModuleReader.ReadAsync(root);
        Assert.Equal(
            ["./network", "oci://mirror.internal/mods/app?tag=1.2.0", "oci://mirror.internal/mods/db//postgres?digest=sha256:3f2a1e0c9b8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29",
                "terraform-aws-modules/vpc/aws", "../common", "oci://mirror.internal/mods/labels"],
            after.ModuleCalls.Select(c => c.Source));
        foreach (var (file, bytes) in before)
        {
            var expected = Encoding.UTF8.GetString(bytes).Replace("registry.example.com/modules", "mirror.internal/mods", StringComparison.Ordinal);
            Assert.Equal(expected, File.ReadAllText(file));
        }
    }

    [Fact]
    public async Task A_file_changed_after_reading_is_ConfigurationChanged_and_no_file_is_written()
    {
        using var temp = new TempDirectory();
        Configurations.Write(temp.Path,
            ("a.tf", "module \"a\" {\n  source = \"oci://r.example/a\"\n}\n"),
            ("b.tf", "module \"b\" {\n  source = \"oci://r.example/b\"\n}\n"));
        var module = await RootModuleReader.ReadAsync(temp.Path);
        var plan = ModuleSourceRewriter.Plan(module, new Dictionary<string, string> { ["oci://r.example/a"] = "oci://n.example/a", ["oci://r.example/b"] = "oci://n.example/b" });
        const string edited = "module \"b\" {\n  source = \"oci://r.example/b\" # edited meanwhile\n}\n";
        File.WriteAllText(temp.Combine("b.tf"), edited);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSourceRewriter.ApplyAsync(plan));

        Assert.Equal((ErrorCode.ConfigurationChanged, temp.Combine("b.tf")), (ex.Code, ex.Target));
        Assert.StartsWith($"{temp.Combine("b.tf")}: the file changed since the configuration was read — ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("module \"a\" {\n  source = \"oci://r.example/a\"\n}\n", File.ReadAllText(temp.Combine("a.tf")));
        Assert.Equal(edited, File.ReadAllText(temp.Combine("b.tf")));
        Assert.Equal(["a.tf", "b.tf"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_rewrite_without_a_digest_still_refuses_a_literal_that_no_longer_spells_the_old_source()
    {
        using var temp = new TempDirectory();
        Configurations.Write(temp.Path, ("main.tf", "module \"a\" {\n  source = \"oci://r.example/a\"\n}\n"));
        var module = await RootModuleReader.ReadAsync(temp.Path);
        var rewrite = ModuleSourceRewriter.Plan(module, new Dictionary<string, string> { ["oci://r.example/a"] = "oci://n.example/a" })[0] with { FileDigest = null };
        File.WriteAllText(temp.Combine("main.tf"), "module \"a\" {\n  source = \"oci://r.example/z\"\n}\n");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSourceRewriter.ApplyAsync([rewrite]));

        Assert.Equal(ErrorCode.ConfigurationChanged, ex.Code);
        Assert.Equal("module \"a\" {\n  source = \"oci://r.example/z\"\n}\n", File.ReadAllText(temp.Combine("main.tf")));
    }

    [Fact]
    public async Task A_local_module_called_twice_gets_one_rewrite_per_literal()
    {
        using var temp = new TempDirectory();
        Configurations.Write(temp.Path,
            ("main.tf", "module \"a\" {\n  source = \"./child\"\n}\nmodule \"b\" {\n  source = \"./child\"\n}\n"),
            ("child/main.tf", "module \"leaf\" {\n  source = \"oci://r.example/leaf\"\n}\n"));
        var module = await RootModuleReader.ReadAsync(temp.Path);

        var plan = ModuleSourceRewriter.Plan(module, new Dictionary<string, string> { ["oci://r.example/leaf"] = "oci://n.example/leaf" });
        await ModuleSourceRewriter.ApplyAsync(plan);

        Assert.Equal("module.a", Assert.Single(plan).ModulePath);
        Assert.Equal("module \"leaf\" {\n  source = \"oci://n.example/leaf\"\n}\n", File.ReadAllText(temp.Combine("child", "main.tf")));
    }
}
