using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Hcl;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.LockFiles;

public sealed class LockFileTests
{
    /// <summary>Shaped like a lock file written by tofu init (hashes from a real file).</summary>
    private const string Realistic =
        "# This file is maintained automatically by \"tofu init\".\n" +
        "# Manual edits may be lost in future updates.\n" +
        "\n" +
        "provider \"registry.opentofu.org/hashicorp/aws\" {\n" +
        "  version     = \"5.31.0\"\n" +
        "  constraints = \"~> 5.0\"\n" +
        "  hashes = [\n" +
        "    \"h1:ltxyuBWIy9cq0kIKDJH1jeWJy/y7XJLjS4QrsQK4plA=\",\n" +
        "    \"zh:0cdb9c2083bf0902442384f7309367791e4640581652dda456f2d6d7abf0de8d\",\n" +
        "    \"zh:2fe4884cb9642f48a5889f8dff8f5f511418a18537a9dfa77ada3bcdad391e4e\",\n" +
        "  ]\n" +
        "}\n" +
        "\n" +
        "provider \"registry.opentofu.org/hashicorp/random\" {\n" +
        "  version = \"3.6.0\"\n" +
        "  hashes = [\n" +
        "    \"h1:p6WG1IPHnqx1fnJVKNjv733FBaArIugqy58HRZnpPCk=\",\n" +
        "    \"zh:486a1c921eab5c51a480f2eb0ad85173f207c9b7fb27e1a8b8ba5b3a7c4e1ded\",\n" +
        "  ]\n" +
        "}\n" +
        "\n" +
        "provider \"registry.opentofu.org/hashicorp/tls\" {\n" +
        "  version = \"4.0.5\"\n" +
        "}\n";

    [Fact]
    public void A_realistic_file_round_trips_byte_for_byte()
    {
        var file = LockFileReader.Parse(Realistic, ".terraform.lock.hcl");

        Assert.Equal(Encoding.UTF8.GetBytes(Realistic), LockFileWriter.ToBytes(file));
        var aws = file.Find("registry.opentofu.org/hashicorp/aws")!;
        Assert.Equal(("5.31.0", "~> 5.0", 3), (aws.Version, aws.Constraints, aws.Hashes.Count));
        Assert.Equal(["registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/random", "registry.opentofu.org/hashicorp/tls"], file.Providers.Keys);
        Assert.Empty(file.Providers["registry.opentofu.org/hashicorp/tls"].Hashes);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Writer_sorts_providers_by_hostname_namespace_type_and_hashes_ordinally_without_duplicates()
    {
        var file = DependencyLockFile.Create(
        [
            new LockedProvider("registry.opentofu.org/z/a", "1.0.0", null, ["zh:bb", "h1:B=", "h1:A=", "zh:bb", "h1:a="]),
            new LockedProvider("a.com-b/x/y", "2.0.0", "", []),
            new LockedProvider("a.com/x/y", "3.0.0", ">= 1.0, < 4.0.0", ["zh:01"]),
        ]);

        Assert.Equal(
            LockFileWriter.Header +
            "\nprovider \"a.com/x/y\" {\n  version     = \"3.0.0\"\n  constraints = \">= 1.0, < 4.0.0\"\n  hashes = [\n    \"zh:01\",\n  ]\n}\n" +
            "\nprovider \"a.com-b/x/y\" {\n  version = \"2.0.0\"\n}\n" +
            "\nprovider \"registry.opentofu.org/z/a\" {\n  version = \"1.0.0\"\n  hashes = [\n    \"h1:A=\",\n    \"h1:B=\",\n    \"h1:a=\",\n    \"zh:bb\",\n  ]\n}\n",
            LockFileWriter.Format(file));
    }

    [Fact]
    public void An_empty_lock_file_is_only_the_header() =>
        Assert.Equal("# This file is maintained automatically by \"tofu init\".\n# Manual edits may be lost in future updates.\n", LockFileWriter.Format(DependencyLockFile.Empty));

    [Fact]
    public void Merge_unions_hashes_for_the_same_version_and_replaces_another_version()
    {
        var file = DependencyLockFile.Create(
        [
            new LockedProvider("example.com/a/b", "1.0.0", "~> 1.0", ["h1:old=", "zh:aa"]),
            new LockedProvider("example.com/a/c", "1.0.0", null, ["h1:c="]),
        ]);

        var merged = file
            .Merge(new LockedProvider("example.com/a/b", "1.0.0", "~> 1.1", ["zh:aa", "h1:new="]))
            .Merge(new LockedProvider("example.com/a/c", "2.0.0", null, ["h1:c2="]))
            .Merge(new LockedProvider("example.com/a/d", "0.1.0", null, ["h1:d="]));

        Assert.Equal(new LockedProvider("example.com/a/b", "1.0.0", "~> 1.1", ["h1:new=", "h1:old=", "zh:aa"]), merged.Find("example.com/a/b"));
        Assert.Equal(new LockedProvider("example.com/a/c", "2.0.0", null, ["h1:c2="]), merged.Find("example.com/a/c"));
        Assert.Equal(new LockedProvider("example.com/a/d", "0.1.0", null, ["h1:d="]), merged.Find("example.com/a/d"));
        Assert.Equal(["h1:c="], file.Find("example.com/a/c")!.Hashes);
        Assert.Equal(merged.Providers.Values, file.Merge(merged).Providers.Values);
        Assert.Throws<ArgumentException>(() => merged.Find("example.com/a/b")!.Merge(merged.Find("example.com/a/c")!));
    }

    [Fact]
    public void With_and_without_replace_and_remove_a_lock()
    {
        var file = DependencyLockFile.Create([new LockedProvider("example.com/a/b", "1.0.0", null, ["h1:x="])]);
        var replaced = file.With(new LockedProvider("example.com/a/b", "1.0.0", null, ["h1:y="]));
        Assert.Equal(["h1:y="], replaced.Find("example.com/a/b")!.Hashes);
        Assert.Empty(replaced.Without("example.com/a/b").Providers);
    }

    [Fact]
    public void Module_blocks_are_ignored_with_one_warning()
    {
        var file = LockFileReader.Parse("module \"a\" {\n  x = 1\n}\nmodule \"b\" {}\nprovider \"example.com/a/b\" {\n  version = \"1.0.0\"\n}\n", "l.hcl");

        Assert.Equal(["example.com/a/b"], file.Providers.Keys);
        var warning = Assert.Single(file.Warnings);
        Assert.Equal((new HclPosition("l.hcl", 1, 1), "Dependency locks for modules are not yet supported"), (warning.Position, warning.Summary));
    }

    [Theory]
    [InlineData("x = 1\n", "l.hcl:1:1: Unsupported argument: An argument named \"x\" is not expected here.")]
    [InlineData("terraform {\n}\n", "l.hcl:1:1: Unsupported block type: Blocks of type \"terraform\" are not expected here.")]
    [InlineData("provider {\n}\n", "l.hcl:1:1: Missing name for provider: All provider blocks must have 1 labels (source_addr).")]
    [InlineData("provider \"a/b/c\" \"d\" {\n}\n", "l.hcl:1:1: Extraneous label for provider: Only 1 labels (source_addr) are expected for provider blocks.")]
    [InlineData("provider \"hashicorp/aws\" {\n  version = \"1.0.0\"\n}\n", "l.hcl:1:1: Invalid provider source address: Cannot lock a dependency on \"hashicorp/aws\": a provider lock needs the fully-qualified address hostname/namespace/type.")]
    [InlineData("provider \"Example.com/a/b\" {\n  version = \"1.0.0\"\n}\n", "l.hcl:1:1: Non-normalized provider source address: The provider source address for this provider lock must be written as \"example.com/a/b\", the fully-qualified and normalized form.")]
    [InlineData("provider \"e.com/a/b\" {\n}\n", "l.hcl:1:1: Missing required argument: The argument \"version\" is required, but no definition was found.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = 1\n}\n", "l.hcl:2:13: Invalid provider version number: The selected version number must be given as a string.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"one\"\n}\n", "l.hcl:2:13: Invalid provider version number: The selected version number for e.com/a/b is invalid: \"one\" is not a version number.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0\"\n}\n", "l.hcl:2:13: Non-normalized provider version number: The selected version number for e.com/a/b must be written in normalized form: \"1.0.0\".")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n  constraints = [\"1\"]\n}\n", "l.hcl:3:17: Invalid provider version constraints: The recorded version constraints must be given as a string.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n  hashes = \"h1:x\"\n}\n", "l.hcl:3:12: Invalid provider hash set: The \"hashes\" argument must be a list of strings.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n  hashes = [\n    \"h1:x=\",\n    \"nocolon\",\n  ]\n}\n", "l.hcl:5:5: Invalid provider hash string: Cannot interpret \"nocolon\" as a provider hash: hash string must start with a scheme keyword followed by a colon.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n  trust = true\n}\n", "l.hcl:3:3: Unsupported argument: An argument named \"trust\" is not expected here.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n  nested {}\n}\n", "l.hcl:3:3: Unsupported block type: Blocks of type \"nested\" are not expected here.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n}\nprovider \"e.com/a/b\" {\n  version = \"2.0.0\"\n}\n", "l.hcl:4:1: Duplicate provider lock: This lockfile already declared a lock for provider e.com/a/b at l.hcl:1:1.")]
    [InlineData("provider \"e.com/a/b\" {\n  version = \"1.0.0\"\n", "l.hcl:1:22: Invalid lock file syntax: l.hcl:1:22: this block is not closed — add the missing \"}\"")]
    public void Invalid_lock_files_are_reported_with_position_summary_and_detail(string text, string expected)
    {
        var ex = Assert.Throws<LockFileException>(() => LockFileReader.Parse(text, "l.hcl"));
        Assert.Equal(expected, ex.Message);
        Assert.Equal((ErrorIds.InvalidLockFile, ErrorKind.InvalidData, "l.hcl"), (ex.ErrorId, ex.Kind, ex.Target));
    }

    [Fact]
    public void Every_problem_is_reported_together()
    {
        var ex = Assert.Throws<LockFileException>(() => LockFileReader.Parse("a = 1\nprovider \"e.com/a/b\" {\n  version = 2\n}\n", "l.hcl"));
        Assert.Equal(["Unsupported argument", "Invalid provider version number"], ex.Problems.Select(p => p.Summary));
    }

    [Fact]
    public async Task Files_are_written_atomically_and_read_back()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(".terraform.lock.hcl");
        Assert.Empty((await LockFileReader.ReadFileAsync(path)).Providers);

        await File.WriteAllTextAsync(path, "old content");
        var file = LockFileReader.Parse(Realistic, "x");
        await LockFileWriter.WriteFileAsync(path, file);

        Assert.Equal(Encoding.UTF8.GetBytes(Realistic), await File.ReadAllBytesAsync(path));
        Assert.Equal(file.Providers.Values, (await LockFileReader.ReadFileAsync(path)).Providers.Values);
        Assert.Equal([".terraform.lock.hcl"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_old_file_and_no_temp_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(".terraform.lock.hcl");
        await File.WriteAllTextAsync(path, "old content");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LockFileWriter.WriteFileAsync(path, LockFileReader.Parse(Realistic, "x"), cts.Token));

        Assert.Equal("old content", await File.ReadAllTextAsync(path));
        Assert.Equal([".terraform.lock.hcl"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Writing_into_a_missing_directory_fails_without_leaving_anything()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("missing", ".terraform.lock.hcl");
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => LockFileWriter.WriteFileAsync(path, DependencyLockFile.Empty));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
