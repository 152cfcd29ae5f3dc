using System.Globalization;
using System.Text;

namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// Reads HCL native syntax: blocks with labels, attributes and the literal expressions OpenTofu's
/// CLI configuration and <c>.terraform.lock.hcl</c> use (strings with escapes, templates kept as text,
/// numbers, bools, null, lists, objects, heredocs) and comments of all three kinds.
/// Variables, function calls and operators are refused with an error naming the text, since neither
/// file may contain them in a form OpenTofu accepts.
/// See <see href="https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md">HCL native syntax</see>
/// and docs/opentofu-compatibility.md §10.
/// </summary>
public static partial class HclParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> is used in positions and errors.</summary>
    /// <exception cref="HclParseException">The text is not valid HCL of the supported subset.</exception>
    public static HclBody Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var cursor = new HclCursor(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, fileName);
        return new Reader(cursor).ReadBody(openBrace: null);
    }

    private sealed partial class Reader(HclCursor c)
    {
        public HclBody ReadBody(HclPosition? openBrace)
        {
            var items = new List<HclBodyItem>();
            var seen = new Dictionary<string, HclPosition>(StringComparer.Ordinal);
            while (true)
            {
                SkipTrivia(stopAtNewline: false);
                if (c.AtEnd)
                {
                    if (openBrace is { } open)
                    {
                        throw HclCursor.Error(open, "this block is not closed", "add the missing \"}\"");
                    }

                    return new HclBody(items);
                }

                if (c.Peek() == '}')
                {
                    if (openBrace is null)
                    {
                        throw c.Error("unexpected \"}\"", "remove it, or add the block it should close");
                    }

                    return new HclBody(items);
                }

                var namePos = c.Position;
                if (c.Peek() == '"')
                {
                    ReadQuotedAttribute(items, seen, openBrace is not null);
                    continue;
                }

                if (!IsIdentifierStart(c.Peek()))
                {
                    throw c.Error($"expected an argument name or block type, found {c.Describe()}",
                        "start each line with a name followed by \"=\" and a value, or a block type followed by \"{\"");
                }

                var name = ReadIdentifier();
                SkipTrivia(stopAtNewline: true);
                if (c.Peek() == '=' && c.Peek(1) != '=')
                {
                    c.Advance();
                    SkipTrivia(stopAtNewline: true);
                    AddAttribute(items, seen, new HclAttribute(name, ReadAttributeValue(), namePos));
                    ExpectEndOfItem(openBrace is not null, "argument");
                    continue;
                }

                var labels = new List<string>();
                while (true)
                {
                    if (c.Peek() == '"')
                    {
                        var labelPos = c.Position;
                        var label = ReadQuoted();
                        if (label.IsTemplate)
                        {
                            throw HclCursor.Error(labelPos, "a block label cannot contain a template sequence (\"${\" or \"%{\")",
                                "write the label as plain text");
                        }

                        labels.Add(label.Value);
                    }
                    else if (IsIdentifierStart(c.Peek()))
                    {
                        labels.Add(ReadIdentifier());
                    }
                    else
                    {
                        break;
                    }

                    SkipTrivia(stopAtNewline: true);
                }

                if (c.Peek() != '{')
                {
                    throw c.Error($"expected \"=\" or \"{{\" after \"{name}\", found {c.Describe()}",
                        $"write \"{name} = value\" for an argument or \"{name} {{ … }}\" for a block");
                }

                var bracePos = c.Position;
                c.Advance();
                c.Enter(bracePos, "block");
                var body = ReadBody(bracePos);
                c.Leave();
                c.Advance(); // the closing brace ReadBody stopped at
                items.Add(new HclBlock(name, labels, body, namePos));
                ExpectEndOfItem(openBrace is not null, "block");
            }
        }

        /// <summary>
        /// <c>"name" = value</c>: HCL1 allows a quoted argument name, and OpenTofu's CLI configuration
        /// relies on it (<c>dev_overrides { "example.com/a/b" = "/path" }</c>).
        /// </summary>
        private void ReadQuotedAttribute(List<HclBodyItem> items, Dictionary<string, HclPosition> seen, bool inBlock)
        {
            var namePos = c.Position;
            var name = ReadQuoted();
            SkipTrivia(stopAtNewline: true);
            if (c.Peek() != '=' || c.Peek(1) == '=')
            {
                throw c.Error($"expected \"=\" after the quoted argument name, found {c.Describe()}",
                    "write \"name\" = value, or give a block type as a plain name");
            }

            c.Advance();
            SkipTrivia(stopAtNewline: true);
            var value = ReadAttributeValue();
            AddAttribute(items, seen, new HclAttribute(name.Value, value, namePos));
            ExpectEndOfItem(inBlock, "argument");
        }

        private static void AddAttribute(List<HclBodyItem> items, Dictionary<string, HclPosition> seen, HclAttribute attribute)
        {
            if (seen.TryGetValue(attribute.Name, out var first))
            {
                throw HclCursor.Error(attribute.Position, $"the argument \"{attribute.Name}\" was already set at {first.Line}:{first.Column}",
                    "remove one of the two definitions");
            }

            seen[attribute.Name] = attribute.Position;
            items.Add(attribute);
        }

        /// <summary>An argument or block ends at a line break, the end of the file, or its block's "}".</summary>
        private void ExpectEndOfItem(bool inBlock, string what)
        {
            SkipTrivia(stopAtNewline: true);
            if (c.AtEnd || c.Peek() == '\n' || (inBlock && c.Peek() == '}'))
            {
                return;
            }

            throw c.Error($"unexpected {c.Describe()} after the {what}",
                c.Peek() is '+' or '-' or '*' or '/' or '%' or '?' or '.' or '[' or '(' or '!' or '<' or '>' or '&' or '|'
                    ? "only literal values are supported here, not operators or expressions"
                    : $"put each {what} on its own line");
        }

        private HclExpression ReadExpression()
        {
            var pos = c.Position;
            var ch = c.Peek();
            if (ch == '"')
            {
                return ReadQuoted();
            }

            if (ch is '[' or '{')
            {
                c.Enter(pos, ch == '[' ? "list" : "object");
                HclExpression nested = ch == '[' ? ReadTuple() : ReadObject();
                c.Leave();
                return nested;
            }

            if (ch == '<' && c.Peek(1) == '<')
            {
                return ReadHeredoc();
            }

            if (char.IsAsciiDigit(ch) || (ch == '-' && char.IsAsciiDigit(c.Peek(1))))
            {
                return ReadNumber();
            }

            if (IsIdentifierStart(ch))
            {
                var word = ReadIdentifier();
                switch (word)
                {
                    case "true": return new HclBool(true, pos);
                    case "false": return new HclBool(false, pos);
                    case "null": return new HclNull(pos);
                }

                var text = word + RestOfExpressionText();
                throw HclCursor.Error(pos, $"unsupported expression \"{text}\": only literal values are allowed here",
                    "use a quoted string, a number, true, false, null, a list or an object (quote the value if it is text)");
            }

            if (c.AtEnd || ch == '\n')
            {
                throw c.Error("expected a value, found " + c.Describe(), "write the value on the same line as the \"=\"");
            }

            throw c.Error($"expected a value, found {c.Describe()}",
                "use a quoted string, a number, true, false, null, a list or an object");
        }

        /// <summary>The rest of a traversal or call after its first name, for the error message.</summary>
        private string RestOfExpressionText()
        {
            var start = c.Index;
            var depth = 0;
            var i = start;
            var text = c.Text;
            while (i < text.Length && text[i] != '\n')
            {
                var ch = text[i];
                if (ch is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (ch is ')' or ']' or '}')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (ch == ',' && depth == 0)
                {
                    break;
                }
                else if (ch == '#' || (ch == '/' && i + 1 < text.Length && text[i + 1] is '/' or '*'))
                {
                    break;
                }

                i++;
            }

            return text[start..i].TrimEnd();
        }

        private HclNumber ReadNumber()
        {
            var pos = c.Position;
            var sb = new StringBuilder();
            if (c.Peek() == '-')
            {
                sb.Append(c.Advance());
            }

            ReadDigits(sb);
            if (c.Peek() == '.' && char.IsAsciiDigit(c.Peek(1)))
            {
                sb.Append(c.Advance());
                ReadDigits(sb);
            }

            if (c.Peek() is 'e' or 'E')
            {
                var signed = c.Peek(1) is '+' or '-';
                if (char.IsAsciiDigit(c.Peek(signed ? 2 : 1)))
                {
                    sb.Append(c.Advance());
                    if (signed)
                    {
                        sb.Append(c.Advance());
                    }

                    ReadDigits(sb);
                }
                else
                {
                    throw c.Error("the exponent of this number has no digits", "write it like 1e5 or 2.5E-3");
                }
            }

            var text = sb.ToString();
            return new HclNumber(text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), pos);
        }

        private void ReadDigits(StringBuilder sb)
        {
            while (char.IsAsciiDigit(c.Peek()))
            {
                sb.Append(c.Advance());
            }
        }

        private HclTuple ReadTuple()
        {
            var pos = c.Position;
            c.Advance();
            var items = new List<HclExpression>();
            while (true)
            {
                SkipTrivia(stopAtNewline: false);
                if (c.Peek() == ']')
                {
                    c.Advance();
                    return new HclTuple(items, pos);
                }

                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this list is not closed", "add the missing \"]\"");
                }

                items.Add(ReadExpression());
                SkipTrivia(stopAtNewline: false);
                if (c.Peek() == ',')
                {
                    c.Advance();
                }
                else if (c.Peek() != ']')
                {
                    throw c.AtEnd
                        ? HclCursor.Error(pos, "this list is not closed", "add the missing \"]\"")
                        : c.Error($"expected \",\" or \"]\" in the list, found {c.Describe()}", "separate list items with commas");
                }
            }
        }

        private HclObject ReadObject()
        {
            var pos = c.Position;
            c.Advance();
            var items = new List<HclObjectItem>();
            while (true)
            {
                SkipTrivia(stopAtNewline: false);
                if (c.Peek() == '}')
                {
                    c.Advance();
                    return new HclObject(items, pos);
                }

                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this object is not closed", "add the missing \"}\"");
                }

                var keyPos = c.Position;
                string key;
                if (c.Peek() == '"')
                {
                    var quoted = ReadQuoted();
                    if (quoted.IsTemplate)
                    {
                        throw HclCursor.Error(keyPos, "an object key cannot contain a template sequence (\"${\" or \"%{\")",
                            "write the key as plain text");
                    }

                    key = quoted.Value;
                }
                else if (IsIdentifierStart(c.Peek()))
                {
                    key = ReadIdentifier();
                }
                else
                {
                    throw c.Error($"expected an object key, found {c.Describe()}", "write keys as names or quoted strings");
                }

                SkipTrivia(stopAtNewline: true);
                if (c.Peek() is not ('=' or ':'))
                {
                    throw c.Error($"expected \"=\" or \":\" after the object key, found {c.Describe()}",
                        "write each object item as key = value");
                }

                c.Advance();
                SkipTrivia(stopAtNewline: true);
                items.Add(new HclObjectItem(key, ReadExpression(), keyPos));
                SkipTrivia(stopAtNewline: true);
                if (c.Peek() == ',' || c.Peek() == '\n')
                {
                    c.Advance();
                }
                else if (c.Peek() != '}')
                {
                    throw c.AtEnd
                        ? HclCursor.Error(pos, "this object is not closed", "add the missing \"}\"")
                        : c.Error($"expected \",\", a line break or \"}}\" after the object item, found {c.Describe()}",
                            "separate object items with commas or line breaks");
                }
            }
        }

        private HclString ReadQuoted()
        {
            var pos = c.Position;
            c.Advance();
            var sb = new StringBuilder();
            var template = false;
            while (true)
            {
                if (c.AtEnd || c.Peek() == '\n')
                {
                    throw HclCursor.Error(pos, "this string is not closed", "add the closing \" on the same line (use \\n for a line break)");
                }

                var ch = c.Peek();
                if (ch == '"')
                {
                    c.Advance();
                    return new HclString(sb.ToString(), template, pos);
                }

                if (ch == '\\')
                {
                    sb.Append(ReadEscape());
                }
                else if ((ch == '$' && c.LookingAt("$${")) || (ch == '%' && c.LookingAt("%%{")))
                {
                    template = true;
                    sb.Append(c.Advance()).Append(c.Advance()).Append(c.Advance());
                }
                else if (ch is '$' or '%' && c.Peek(1) == '{')
                {
                    template = true;
                    CopyInterpolation(sb);
                }
                else
                {
                    sb.Append(c.Advance());
                }
            }
        }

        /// <summary>
        /// Copies <c>${ … }</c> or <c>%{ … }</c> verbatim, as HCL1 does, up to its matching brace,
        /// so quotes and braces inside (e.g. <c>${ {"a" = "b"}[x] }</c>) do not end the string.
        /// </summary>
        private void CopyInterpolation(StringBuilder sb)
        {
            var start = c.Position;
            sb.Append(c.Advance()).Append(c.Advance());
            var depth = 1;
            while (depth > 0)
            {
                if (c.AtEnd)
                {
                    throw HclCursor.Error(start, "this template sequence is not closed", "add the missing \"}\"");
                }

                var ch = c.Peek();
                if (ch == '"')
                {
                    sb.Append(c.Advance());
                    while (!c.AtEnd && c.Peek() != '"' && c.Peek() != '\n')
                    {
                        if (c.Peek() == '\\' && c.Peek(1) != '\0')
                        {
                            sb.Append(c.Advance());
                        }

                        sb.Append(c.Advance());
                    }

                    if (c.Peek() != '"')
                    {
                        throw HclCursor.Error(start, "a string inside this template sequence is not closed", "add the missing quote");
                    }
                }
                else if (ch == '{')
                {
                    depth++;
                }
                else if (ch == '}')
                {
                    depth--;
                }

                sb.Append(c.Advance());
            }
        }

        private string ReadEscape()
        {
            var pos = c.Position;
            c.Advance();
            var e = c.AtEnd ? '\0' : c.Advance();
            switch (e)
            {
                case 'n': return "\n";
                case 'r': return "\r";
                case 't': return "\t";
                case '"': return "\"";
                case '\\': return "\\";
                case 'u': return ReadCodePoint(pos, 4);
                case 'U': return ReadCodePoint(pos, 8);
                default:
                    throw HclCursor.Error(pos, $"invalid escape sequence \"\\{(e == '\0' ? string.Empty : e.ToString())}\"",
                        "use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN (write \\\\ for a backslash)");
            }
        }

        private string ReadCodePoint(HclPosition pos, int digits)
        {
            var value = 0;
            for (var i = 0; i < digits; i++)
            {
                var ch = c.Peek();
                if (!char.IsAsciiHexDigit(ch))
                {
                    throw HclCursor.Error(pos, $"the escape sequence needs {digits} hexadecimal digits",
                        digits == 4 ? "write it like \\u00e9" : "write it like \\U0001F600");
                }

                value = (value * 16) + Convert.ToInt32(c.Advance().ToString(), 16);
                if (value > 0x10FFFF)
                {
                    break;
                }
            }

            if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                throw HclCursor.Error(pos, "the escape sequence is not a valid Unicode code point", "use a code point up to 10FFFF that is not a surrogate");
            }

            return char.ConvertFromUtf32(value);
        }

        private HclString ReadHeredoc()
        {
            var pos = c.Position;
            c.Advance(2);
            var indent = c.Peek() == '-';
            if (indent)
            {
                c.Advance();
            }

            if (!IsIdentifierStart(c.Peek()))
            {
                throw HclCursor.Error(pos, "a heredoc needs a delimiter name right after \"<<\" or \"<<-\"", "write it like <<EOT");
            }

            var marker = ReadIdentifier();
            if (c.Peek() == '\r' && c.Peek(1) == '\n')
            {
                c.Advance();
            }

            if (c.Peek() != '\n')
            {
                throw c.Error($"expected a line break after the heredoc delimiter \"{marker}\", found {c.Describe()}",
                    "start the heredoc's text on the next line");
            }

            c.Advance();
            var lines = new List<string>();
            while (true)
            {
                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, $"this heredoc is not closed", $"add a line containing only {marker}");
                }

                var lineStart = c.Index;
                var end = c.Text.IndexOf('\n', lineStart);
                var line = end < 0 ? c.Text[lineStart..] : c.Text[lineStart..(end + 1)];
                var content = line.TrimEnd('\n').TrimEnd('\r');
                if (string.Equals(content.TrimStart(' ', '\t'), marker, StringComparison.Ordinal))
                {
                    c.Advance(content.Length);
                    break;
                }

                lines.Add(line);
                c.Advance(line.Length);
            }

            if (indent)
            {
                StripIndent(lines);
            }

            var text = string.Concat(lines);
            var template = text.Contains("${", StringComparison.Ordinal) || text.Contains("%{", StringComparison.Ordinal);
            return new HclString(text, template, pos);
        }

        /// <summary>
        /// <c>&lt;&lt;-</c> removes the smallest leading indentation (spaces and tabs, one column each)
        /// of the lines that are not blank, as HCL2 does; blank lines keep only their line break.
        /// </summary>
        private static void StripIndent(List<string> lines)
        {
            var min = int.MaxValue;
            foreach (var line in lines)
            {
                var body = line.TrimEnd('\n').TrimEnd('\r');
                var lead = body.Length - body.TrimStart(' ', '\t').Length;
                if (lead < body.Length)
                {
                    min = Math.Min(min, lead);
                }
            }

            if (min == int.MaxValue)
            {
                min = 0;
            }

            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var rest = line.TrimStart(' ', '\t');
                var blank = rest.TrimEnd('\n').TrimEnd('\r').Length == 0;
                lines[i] = blank ? rest : line[Math.Min(min, line.Length - rest.Length)..];
            }
        }

        private string ReadIdentifier()
        {
            var start = c.Index;
            c.Advance();
            while (IsIdentifierPart(c.Peek()))
            {
                c.Advance();
            }

            return c.Text[start..c.Index];
        }

        private static bool IsIdentifierStart(char ch) => char.IsLetter(ch) || ch == '_';

        private static bool IsIdentifierPart(char ch) => char.IsLetterOrDigit(ch) || ch is '_' or '-';

        /// <summary>Skips blanks and comments; with <paramref name="stopAtNewline"/>, stops before a line break.</summary>
        private void SkipTrivia(bool stopAtNewline)
        {
            while (!c.AtEnd)
            {
                var ch = c.Peek();
                if (ch is ' ' or '\t' or '\r')
                {
                    c.Advance();
                }
                else if (ch == '\n')
                {
                    if (stopAtNewline)
                    {
                        return;
                    }

                    c.Advance();
                }
                else if (ch == '#' || (ch == '/' && c.Peek(1) == '/'))
                {
                    while (!c.AtEnd && c.Peek() != '\n')
                    {
                        c.Advance();
                    }
                }
                else if (ch == '/' && c.Peek(1) == '*')
                {
                    var start = c.Position;
                    c.Advance(2);
                    while (!c.LookingAt("*/"))
                    {
                        if (c.AtEnd)
                        {
                            throw HclCursor.Error(start, "this comment is not closed", "add the missing \"*/\"");
                        }

                        c.Advance();
                    }

                    c.Advance(2);
                }
                else
                {
                    return;
                }
            }
        }
    }
}
