using OpenTofuOci.HelpCompiler.Build;

// Usage: OpenTofuOci.HelpCompiler --source docs/en-US --manifest OpenTofuOci.psd1 --output out/OpenTofuOci/en-US
// Exit codes: 0 written, 1 the help has problems (each printed as file:line: message; nothing written), 2 usage.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "--source" or "--manifest" or "--output" && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'.");
        options.Clear();
        break;
    }
}

if (!options.TryGetValue("--source", out var source) || !options.TryGetValue("--manifest", out var manifest) || !options.TryGetValue("--output", out var output))
{
    Console.Error.WriteLine("usage: OpenTofuOci.HelpCompiler --source <help markdown directory> --manifest <module .psd1> --output <directory for MAML and about topics>");
    return 2;
}

var result = HelpBuild.Run(source, manifest, output);
foreach (var problem in result.Problems)
{
    Console.Error.WriteLine(problem.ToString());
}

if (!result.Succeeded)
{
    Console.Error.WriteLine($"{result.Problems.Count} problem(s) in the help; nothing was written to {output}.");
    return 1;
}

foreach (var name in result.Files.Keys)
{
    Console.WriteLine($"Wrote {Path.Combine(output, name)}");
}

return 0;
