using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.Architecture;

/// <summary>
/// One folder, one namespace, and no two namespaces that need each other (docs/design.md "Core
/// shape"), read from the compiled assembly so that every real use counts, including a parent
/// namespace C# brings into scope without a using directive.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly Lazy<NamespaceGraph> Core = new(() => NamespaceGraph.Read(typeof(TofuOciException).Assembly.Location, "OpenTofuOci.Core"));

    [Fact]
    public void Core_has_no_namespace_cycle() => Assert.Empty(Core.Value.Cycles());

    [Fact]
    public void Only_the_store_factory_access_and_login_know_the_concrete_stores()
    {
        // Everything else asks a target for a capability (IBlobMounter, ICreatedOnFirstPush, …).
        // Access turns a plan into registry options; login probes /v2/ with the registry client itself.
        // A bundle is an OCI layout by definition (docs/opentofu-compatibility.md §13): its exporter writes layout views and orders the index.
        string[] allowed = ["OpenTofuOci.Core.Oci.Stores", "OpenTofuOci.Core.Access", "OpenTofuOci.Core.Credentials.Login", "OpenTofuOci.Core.Bundles.Export"];
        var offenders = Core.Value.Edges
            .SelectMany(e => e.Value.Where(IsConcreteStore).Select(to => $"{e.Key} -> {to}"))
            .Where(edge => !allowed.Any(a => edge.StartsWith(a + " ->", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_graph_sees_the_edges_Core_really_has()
    {
        // A parent namespace used without a using directive, an interface implemented, a factory's call.
        Assert.Contains("OpenTofuOci.Core.Oci", Core.Value.Edges["OpenTofuOci.Core.Oci.Remote"]);
        Assert.Contains("OpenTofuOci.Core.Oci.Targets", Core.Value.Edges["OpenTofuOci.Core.Oci.Layout"]);
        Assert.Contains("OpenTofuOci.Core.Oci.Layout", Core.Value.Edges["OpenTofuOci.Core.Oci.Stores"]);
    }

    [Fact]
    public void A_cycle_through_a_lambda_and_a_parent_namespace_is_found()
    {
        // Demo.A uses Demo.A.B only inside a lambda (a compiler-generated type); Demo.A.B uses its parent
        // without a using directive. Source text would see neither.
        const string source = """
            namespace Demo.A
            {
                public static class First { public static System.Func<int> Later() => () => Demo.A.B.Second.Value; }
            }
            namespace Demo.A.B
            {
                public static class Second { public static int Value => First.Later()(); }
            }
            namespace Demo.C
            {
                public static class Alone { public static int Value => 1; }
            }
            """;
        using var dir = new TempDirectory("namespace-graph-");
        var path = dir.Combine("Demo.dll");
        var compilation = CSharpCompilation.Create("Demo", [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        var graph = NamespaceGraph.Read(path, "Demo");

        var cycle = Assert.Single(graph.Cycles());
        Assert.StartsWith("Demo.A <-> Demo.A.B: ", cycle, StringComparison.Ordinal);
        Assert.Empty(graph.Edges["Demo.C"]);
    }

    private static bool IsConcreteStore(string ns) => ns is "OpenTofuOci.Core.Oci.Remote" or "OpenTofuOci.Core.Oci.Layout";
}
