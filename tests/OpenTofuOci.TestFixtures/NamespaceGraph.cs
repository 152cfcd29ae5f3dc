using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace OpenTofuOci.TestFixtures;

/// <summary>
/// Which namespaces of one compiled assembly use which others, read from its metadata and IL: base
/// types, interfaces, signatures of fields, methods and properties, attributes, and every type,
/// method or field a method body touches. Compiler-generated types (lambdas, async state machines,
/// local functions) count for the type they were written in. Source text would miss uses of a
/// parent namespace, which C# brings into scope without a using directive.
/// </summary>
public sealed class NamespaceGraph
{
    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> edges) => Edges = edges;

    /// <summary>Namespace → the other namespaces of the same assembly it uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Edges { get; }

    public static NamespaceGraph Read(string assemblyPath, string namespacePrefix)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var collector = new TypeCollector(md);

        foreach (var handle in md.TypeDefinitions)
        {
            var from = NamespaceOf(md, handle);
            if (!from.StartsWith(namespacePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var used = new HashSet<TypeDefinitionHandle>();
            var type = md.GetTypeDefinition(handle);
            collector.Add(type.BaseType, used);
            foreach (var i in type.GetInterfaceImplementations())
            {
                collector.Add(md.GetInterfaceImplementation(i).Interface, used);
            }

            foreach (var f in type.GetFields())
            {
                collector.Signature(() => md.GetFieldDefinition(f).DecodeSignature(collector, null), used);
            }

            foreach (var p in type.GetProperties())
            {
                collector.Signature(() => md.GetPropertyDefinition(p).DecodeSignature(collector, null), used);
            }

            foreach (var a in type.GetCustomAttributes())
            {
                collector.AddAttribute(a, used);
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                collector.Signature(() => method.DecodeSignature(collector, null), used);
                foreach (var a in method.GetCustomAttributes())
                {
                    collector.AddAttribute(a, used);
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    collector.AddBody(pe.GetMethodBody(method.RelativeVirtualAddress), used);
                }
            }

            if (!edges.TryGetValue(from, out var set))
            {
                edges[from] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var to in used.Select(u => NamespaceOf(md, u)))
            {
                if (to != from && to.StartsWith(namespacePrefix, StringComparison.Ordinal))
                {
                    set.Add(to);
                }
            }
        }

        return new NamespaceGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// Every group of namespaces that need each other, directly or through others (the strongly
    /// connected components of the graph, found with Tarjan's algorithm), each with its edges.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges.GetValueOrDefault(v) ?? new HashSet<string>())
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] != index[v])
            {
                return;
            }

            var group = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                group.Add(x);
            }
            while (x != v);
            if (group.Count > 1)
            {
                group.Sort(StringComparer.Ordinal);
                cycles.Add(string.Join(" <-> ", group) + ": " + string.Join(", ",
                    group.SelectMany(a => (Edges.GetValueOrDefault(a) ?? new HashSet<string>()).Where(group.Contains).Select(b => $"{Short(a)} -> {Short(b)}"))));
            }
        }

        foreach (var v in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }

    private static string Short(string ns) => ns[(ns.IndexOf('.', ns.IndexOf('.', StringComparison.Ordinal) + 1) + 1)..];

    // A nested type (including the compiler's) belongs to the namespace of its outermost declaring type.
    private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = md.GetTypeDefinition(type.GetDeclaringType());
        }

        return md.GetString(type.Namespace);
    }

    /// <summary>Records every type definition of the assembly that a signature, token or attribute names.</summary>
    private sealed class TypeCollector(MetadataReader md) : ISignatureTypeProvider<object?, object?>
    {
        private HashSet<TypeDefinitionHandle> _used = [];

        public void Add(EntityHandle handle, HashSet<TypeDefinitionHandle> used)
        {
            _used = used;
            Add(handle);
        }

        public void Signature(Action decode, HashSet<TypeDefinitionHandle> used)
        {
            _used = used;
            decode();
        }

        public void AddAttribute(CustomAttributeHandle handle, HashSet<TypeDefinitionHandle> used) =>
            Add(md.GetCustomAttribute(handle).Constructor, used);

        public void AddBody(MethodBodyBlock body, HashSet<TypeDefinitionHandle> used)
        {
            _used = used;
            if (!body.LocalSignature.IsNil)
            {
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                int b = il.ReadByte();
                var op = b == 0xFE ? 0xFE00 | il.ReadByte() : b;
                switch (OperandOf(op))
                {
                    case Operand.Token:
                        var token = il.ReadInt32();
                        // ldstr's operand is a user-string token, not a metadata entity.
                        if ((token >>> 24) != 0x70)
                        {
                            Add(MetadataTokens.EntityHandle(token));
                        }

                        break;
                    case Operand.Int8:
                        il.ReadByte();
                        break;
                    case Operand.Int16:
                        il.ReadInt16();
                        break;
                    case Operand.Int32:
                        il.ReadInt32();
                        break;
                    case Operand.Int64:
                        il.ReadInt64();
                        break;
                    case Operand.Switch:
                        var count = il.ReadInt32();
                        for (var i = 0; i < count; i++)
                        {
                            il.ReadInt32();
                        }

                        break;
                }
            }
        }

        private void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    _used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    _used.Add(method.GetDeclaringType());
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    _used.Add(field.GetDeclaringType());
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var standalone = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (standalone.GetKind() == StandaloneSignatureKind.Method)
                    {
                        standalone.DecodeMethodSignature(this, null);
                    }

                    break;
            }
        }

        private enum Operand { None, Int8, Int16, Int32, Int64, Token, Switch }

        // ECMA-335 partition III: the size of each opcode's operand.
        private static Operand OperandOf(int op) => op switch
        {
            0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or (>= 0x2B and <= 0x37) or 0xDE or 0xFE12 or 0xFE19 => Operand.Int8,
            >= 0xFE09 and <= 0xFE0E => Operand.Int16,
            0x20 or 0x22 or (>= 0x38 and <= 0x44) or 0xDD => Operand.Int32,
            0x21 or 0x23 => Operand.Int64,
            0x45 => Operand.Switch,
            0x27 or 0x28 or 0x29 or 0x6F or 0x70 or 0x71 or 0x72 or 0x73 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F or 0x80
                or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C => Operand.Token,
            _ => Operand.None,
        };

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            _used.Add(handle);
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;
    }
}
