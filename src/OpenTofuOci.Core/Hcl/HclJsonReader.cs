using System.Globalization;
using System.Text;

namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// Reads a JSON file (e.g. <c>*.tfrc.json</c>) into the same model as <see cref="HclParser"/>, for the
/// block shapes OpenTofu's CLI configuration uses (docs/opentofu-compatibility.md §5.2, §6, §10):
/// <list type="bullet">
/// <item>a property named as a block type with no labels whose value is an object is one block
///   (<c>{"provider_installation": {…}}</c>); an array of objects is one block per element
///   (<c>{"oci_mirror": [{…}, {…}]}</c>);</item>
/// <item>for a one-label block type, the object's property names are the labels and each value is the
///   body, or an array of bodies (<c>{"oci_credentials": {"example.com": {…}}}</c>);</item>
/// <item>anything else becomes an attribute with the JSON value as expression. A block type whose
///   value is not an object is therefore an attribute named like the block, which is how callers tell
///   that a block "must be represented by a JSON object".</item>
/// </list>
/// Strings containing <c>${</c> or <c>%{</c> are flagged as templates, as in native syntax.
/// </summary>
public static class HclJsonReader
{
    /// <summary>Parses JSON <paramref name="text"/> whose top level must be an object.</summary>
    /// <exception cref="HclParseException">The text is not valid JSON, or its top level is not an object.</exception>
    public static HclBody Parse(string text, string fileName, HclJsonSchema schema)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(schema);
        var bom = text.Length > 0 && text[0] == '\uFEFF';
        var c = new HclCursor(bom ? text[1..] : text, fileName);
        var reader = new Reader(c) { BaseOffset = bom ? 1 : 0 };
        reader.SkipSpace();
        if (c.Peek() != '{')
        {
            throw c.Error($"expected a JSON object at the top level, found {c.Describe()}", "wrap the settings in { … }");
        }

        var root = (HclObject)reader.ReadValue();
        reader.SkipSpace();
        if (!c.AtEnd)
        {
            throw c.Error($"unexpected {c.Describe()} after the top-level object", "remove it; a JSON file holds one object");
        }

        return ToBody(root, schema);
    }

    private static HclBody ToBody(HclObject obj, HclJsonSchema schema)
    {
        var items = new List<HclBodyItem>();
        foreach (var item in obj.Items)
        {
            if (!schema.Blocks.TryGetValue(item.Key, out var block))
            {
                items.Add(new HclAttribute(item.Key, item.Value, item.Position));
            }
            else if (block.LabelCount == 0)
            {
                AddBodies(items, item.Key, [], item.Value, item.Position, block.Body);
            }
            else if (item.Value is HclObject labelled)
            {
                foreach (var entry in labelled.Items)
                {
                    AddBodies(items, item.Key, [entry.Key], entry.Value, entry.Position, block.Body);
                }
            }
            else
            {
                items.Add(new HclAttribute(item.Key, item.Value, item.Position));
            }
        }

        return new HclBody(items);
    }

    private static void AddBodies(List<HclBodyItem> items, string type, string[] labels, HclExpression value,
        HclPosition position, HclJsonSchema schema)
    {
        switch (value)
        {
            case HclObject body:
                items.Add(new HclBlock(type, labels, ToBody(body, schema), position));
                break;
            case HclTuple list when list.Items.All(i => i is HclObject):
                foreach (var element in list.Items)
                {
                    items.Add(new HclBlock(type, labels, ToBody((HclObject)element, schema), element.Position));
                }

                break;
            default:
                items.Add(new HclAttribute(type, value, position));
                break;
        }
    }

    private sealed class Reader(HclCursor c)
    {
        /// <summary>How many characters were removed before the cursor's text (a byte-order mark), added to spans.</summary>
        public int BaseOffset { get; init; }

        public void SkipSpace()
        {
            while (c.Peek() is ' ' or '\t' or '\r' or '\n')
            {
                c.Advance();
            }
        }

        public HclExpression ReadValue()
        {
            SkipSpace();
            var pos = c.Position;
            switch (c.Peek())
            {
                case '{' or '[':
                    c.Enter(pos, c.Peek() == '[' ? "array" : "object");
                    HclExpression nested = c.Peek() == '[' ? ReadArray() : ReadObject();
                    c.Leave();
                    return nested;
                case '"':
                    var start = c.Index;
                    var s = ReadString();
                    return new HclString(s, s.Contains("${", StringComparison.Ordinal) || s.Contains("%{", StringComparison.Ordinal), pos)
                    {
                        Span = new HclSpan(start + BaseOffset, c.Index - start),
                    };
                case var ch when ch == '-' || char.IsAsciiDigit(ch): return ReadNumber();
            }

            foreach (var (word, value) in new (string, HclExpression)[]
                     { ("true", new HclBool(true, pos)), ("false", new HclBool(false, pos)), ("null", new HclNull(pos)) })
            {
                if (c.LookingAt(word))
                {
                    c.Advance(word.Length);
                    return value;
                }
            }

            throw c.Error($"expected a JSON value, found {c.Describe()}",
                "use a quoted string, a number, true, false, null, an array or an object");
        }

        private HclObject ReadObject()
        {
            var pos = c.Position;
            c.Advance();
            var items = new List<HclObjectItem>();
            SkipSpace();
            if (c.Peek() == '}')
            {
                c.Advance();
                return new HclObject(items, pos);
            }

            while (true)
            {
                SkipSpace();
                var keyPos = c.Position;
                if (c.Peek() != '"')
                {
                    throw c.AtEnd
                        ? HclCursor.Error(pos, "this object is not closed", "add the missing \"}\"")
                        : c.Error($"expected a quoted property name, found {c.Describe()}", "quote property names with double quotes");
                }

                var key = ReadString();
                SkipSpace();
                if (c.Peek() != ':')
                {
                    throw c.Error($"expected \":\" after the property name, found {c.Describe()}", "write \"name\": value");
                }

                c.Advance();
                items.Add(new HclObjectItem(key, ReadValue(), keyPos));
                SkipSpace();
                if (c.Peek() == ',')
                {
                    c.Advance();
                    continue;
                }

                if (c.Peek() == '}')
                {
                    c.Advance();
                    return new HclObject(items, pos);
                }

                throw c.AtEnd
                    ? HclCursor.Error(pos, "this object is not closed", "add the missing \"}\"")
                    : c.Error($"expected \",\" or \"}}\" after the property, found {c.Describe()}", "separate properties with commas");
            }
        }

        private HclTuple ReadArray()
        {
            var pos = c.Position;
            c.Advance();
            var items = new List<HclExpression>();
            SkipSpace();
            if (c.Peek() == ']')
            {
                c.Advance();
                return new HclTuple(items, pos);
            }

            while (true)
            {
                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this array is not closed", "add the missing \"]\"");
                }

                items.Add(ReadValue());
                SkipSpace();
                if (c.Peek() == ',')
                {
                    c.Advance();
                    SkipSpace();
                    continue;
                }

                if (c.Peek() == ']')
                {
                    c.Advance();
                    return new HclTuple(items, pos);
                }

                throw c.AtEnd
                    ? HclCursor.Error(pos, "this array is not closed", "add the missing \"]\"")
                    : c.Error($"expected \",\" or \"]\" in the array, found {c.Describe()}", "separate array items with commas");
            }
        }

        private string ReadString()
        {
            var pos = c.Position;
            c.Advance();
            var sb = new StringBuilder();
            while (true)
            {
                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this string is not closed", "add the closing \"");
                }

                var ch = c.Peek();
                if (ch == '"')
                {
                    c.Advance();
                    return sb.ToString();
                }

                if (ch < ' ')
                {
                    throw c.Error($"{c.Describe()} is not allowed inside a JSON string", "escape it, e.g. \\n or \\t");
                }

                if (ch != '\\')
                {
                    sb.Append(c.Advance());
                    continue;
                }

                var escPos = c.Position;
                c.Advance();
                var e = c.AtEnd ? '\0' : c.Advance();
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        var hex = c.Text.Length - c.Index >= 4 ? c.Text.Substring(c.Index, 4) : string.Empty;
                        if (hex.Length != 4 || !hex.All(char.IsAsciiHexDigit))
                        {
                            throw HclCursor.Error(escPos, "\\u needs 4 hexadecimal digits", "write it like \\u00e9");
                        }

                        c.Advance(4);
                        sb.Append((char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        break;
                    default:
                        throw HclCursor.Error(escPos, $"invalid escape sequence \"\\{(e == '\0' ? string.Empty : e.ToString())}\"",
                            "use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uNNNN");
                }
            }
        }

        private HclNumber ReadNumber()
        {
            var pos = c.Position;
            var start = c.Index;
            if (c.Peek() == '-')
            {
                c.Advance();
            }

            if (!char.IsAsciiDigit(c.Peek()))
            {
                throw HclCursor.Error(pos, "a minus sign must be followed by digits", "write a number like -1");
            }

            while (char.IsAsciiDigit(c.Peek()) || c.Peek() is '.' or 'e' or 'E' or '+' or '-')
            {
                c.Advance();
            }

            var text = c.Text[start..c.Index];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw HclCursor.Error(pos, $"\"{text}\" is not a valid number", "write numbers like 42, 1.5 or 2e10");
            }

            return new HclNumber(text, value, pos);
        }
    }
}
