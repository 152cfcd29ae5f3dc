using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>
/// Reads the compiled module with <see cref="MetadataLoadContext"/>: attributes are inspected as
/// data, so nothing of the module (or of the stub System.Management.Automation) runs.
/// </summary>
internal sealed class ModuleSurface
{
    private const string Sma = "System.Management.Automation";

    private static readonly Lazy<ModuleSurface> LazyInstance = new(Load);

    private ModuleSurface(IReadOnlyList<CmdletModel> cmdlets, IReadOnlyDictionary<string, OutputTypeModel> outputTypes, IReadOnlySet<string> approvedVerbs, string assemblyFileName)
    {
        Cmdlets = cmdlets;
        OutputTypes = outputTypes;
        ApprovedVerbs = approvedVerbs;
        AssemblyFileName = assemblyFileName;
    }

    public static ModuleSurface Instance => LazyInstance.Value;

    public IReadOnlyList<CmdletModel> Cmdlets { get; }

    /// <summary>Every type named in an [OutputType], by full name.</summary>
    public IReadOnlyDictionary<string, OutputTypeModel> OutputTypes { get; }

    /// <summary>The constants of the SDK's Verbs* classes: PowerShell's approved verbs (as of the 5.1 SDK).</summary>
    public IReadOnlySet<string> ApprovedVerbs { get; }

    public string AssemblyFileName { get; }

    private static ModuleSurface Load()
    {
        var moduleDir = RepositoryPaths.ModuleOutputDirectory;
        var paths = Directory.GetFiles(moduleDir, "*.dll")
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            .Append(RepositoryPaths.SmaReferencePath)
            // The first of each name wins: the module's own files, then the runtime, then the SDK.
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var module = context.LoadFromAssemblyPath(RepositoryPaths.ModuleAssemblyPath);
        var sma = context.LoadFromAssemblyName(Sma);

        var approved = sma.GetExportedTypes()
            .Where(t => t.Namespace == Sma && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var cmdlets = new List<CmdletModel>();
        var outputTypes = new Dictionary<string, OutputTypeModel>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes().Where(t => !t.IsAbstract))
        {
            var cmdletAttribute = Attribute(type.GetCustomAttributesData(), "CmdletAttribute");
            if (cmdletAttribute is null)
            {
                continue;
            }

            var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == $"{Sma}.OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(Flatten)
                .ToList();
            foreach (var output in outputs)
            {
                outputTypes.TryAdd(output.FullName!, Describe(output));
            }

            cmdlets.Add(new CmdletModel(
                type.FullName!,
                (string)cmdletAttribute.ConstructorArguments[0].Value!,
                (string)cmdletAttribute.ConstructorArguments[1].Value!,
                Named(cmdletAttribute, "SupportsShouldProcess", false),
                Named<string?>(cmdletAttribute, "DefaultParameterSetName", null),
                [.. outputs.Select(o => o.FullName!)],
                ReadParameters(type)));
        }

        return new ModuleSurface(cmdlets, outputTypes, approved, Path.GetFileName(RepositoryPaths.ModuleAssemblyPath));
    }

    private static List<ParameterModel> ReadParameters(Type cmdletType)
    {
        var result = new List<ParameterModel>();
        foreach (var property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributesData();
            var sets = attributes.Where(a => a.AttributeType.FullName == $"{Sma}.ParameterAttribute")
                .Select(a => new ParameterSetEntry(
                    Named(a, "ParameterSetName", CmdletModel.AllSets),
                    Named(a, "Mandatory", false),
                    Named(a, "Position", int.MinValue) is var position && position == int.MinValue ? null : position,
                    Named(a, "ValueFromPipeline", false),
                    Named(a, "ValueFromPipelineByPropertyName", false)))
                .ToList();
            if (sets.Count == 0)
            {
                continue;
            }

            var aliases = attributes.Where(a => a.AttributeType.FullName == $"{Sma}.AliasAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => (string)i.Value!) : [(string)arg.Value!])
                .ToList();
            var wildcards = attributes.Any(a => a.AttributeType.FullName == $"{Sma}.SupportsWildcardsAttribute");
            result.Add(new ParameterModel(property.Name, DisplayName(property.PropertyType), property.PropertyType.FullName!, aliases, wildcards, sets));
        }

        return result;
    }

    /// <summary>The type name PlatyPS writes in a parameter's yaml: the short name, nullable unwrapped.</summary>
    private static string DisplayName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0].Name : type.Name;

    private static OutputTypeModel Describe(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        return new OutputTypeModel(type.FullName!, type.IsSealed,
            [.. properties.Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name)],
            [.. properties.Select(p => p.Name)]);
    }

    private static IEnumerable<Type> Flatten(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        Type t => [t],
        IEnumerable<CustomAttributeTypedArgument> items => items.SelectMany(Flatten),
        // [OutputType("name")] names a type by string; a later rule can insist on typeof.
        _ => [],
    };

    private static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == $"{Sma}.{name}");

    private static T Named<T>(CustomAttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T)argument.TypedValue.Value!;
            }
        }

        return fallback;
    }
}
