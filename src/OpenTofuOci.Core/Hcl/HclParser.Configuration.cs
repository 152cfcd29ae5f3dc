namespace OpenTofuOci.Core.Hcl;

public static partial class HclParser
{
    /// <summary>
    /// Parses an OpenTofu configuration file (<c>.tf</c>, <c>.tofu</c>) tolerantly: the structure (blocks,
    /// labels, arguments) is read as in <see cref="Parse"/>, literal values are decoded, and every other
    /// expression (references, calls, operators, conditionals, templates, for-expressions, splats, heredocs
    /// with interpolations) becomes an <see cref="HclRawExpression"/> that is skipped by its brackets,
    /// strings, templates and comments (docs/opentofu-compatibility.md §11). String literals and raw
    /// expressions carry their <see cref="HclExpression.Span"/>.
    /// </summary>
    /// <exception cref="HclParseException">The structure is not valid HCL: a block, bracket, string, heredoc or comment is not closed, a bracket closes nothing, or an item is malformed.</exception>
    public static HclBody ParseConfiguration(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var bom = text.Length > 0 && text[0] == '\uFEFF';
        var cursor = new HclCursor(bom ? text[1..] : text, fileName);
        return new Reader(cursor) { Tolerant = true, BaseOffset = bom ? 1 : 0 }.ReadBody(openBrace: null);
    }

    /// <summary>Where a raw expression ends: which characters close it at its own bracket depth.</summary>
    private enum RawEnd
    {
        /// <summary>An argument's value: a line break, a comment, the block's "}".</summary>
        Attribute,

        /// <summary>An object item's value: ",", a line break, a comment, "}".</summary>
        ObjectItem,

        /// <summary>A list item: "," or "]" (line breaks and comments are blanks inside brackets).</summary>
        TupleItem,

        /// <summary>The inside of <c>${ … }</c> or <c>%{ … }</c>: the unmatched "}".</summary>
        Interpolation,
    }

    private sealed partial class Reader
    {
        /// <summary>Configuration mode: keep expressions we do not evaluate as raw text instead of refusing them.</summary>
        public bool Tolerant { get; init; }

        /// <summary>How many characters were removed before the cursor's text (a byte-order mark), added to spans.</summary>
        public int BaseOffset { get; init; }

        private HclExpression ReadAttributeValue() => Tolerant ? ReadTolerant(RawEnd.Attribute) : ReadExpression();

        /// <summary>A literal when the whole expression is one, else the raw text of the expression.</summary>
        private HclExpression ReadTolerant(RawEnd end)
        {
            var mark = c.Mark();
            var literal = TryReadLiteral();
            if (literal is not null)
            {
                var after = c.Mark();
                if (EndsHere(end))
                {
                    c.Reset(after);
                    return literal;
                }
            }

            c.Reset(mark);
            return ReadRaw(end);
        }

        /// <summary>Whether the expression just read is complete, looking past blanks (and, in a list, line breaks and comments).</summary>
        private bool EndsHere(RawEnd end)
        {
            SkipTrivia(stopAtNewline: end != RawEnd.TupleItem);
            if (c.AtEnd)
            {
                return true;
            }

            var ch = c.Peek();
            return end switch
            {
                RawEnd.Attribute => ch is '\n' or '}',
                RawEnd.ObjectItem => ch is '\n' or ',' or '}',
                RawEnd.TupleItem => ch is ',' or ']',
                _ => false,
            };
        }

        /// <summary>
        /// Reads a literal (string without template sequences, number, bool, null, list or object whose items are
        /// read tolerantly); null when the expression is something else, with the cursor anywhere.
        /// </summary>
        private HclExpression? TryReadLiteral()
        {
            var mark = c.Mark();
            var start = c.Index;
            var ch = c.Peek();
            switch (ch)
            {
                case '"':
                    ScanQuoted();
                    var text = c.Text[start..c.Index];
                    if (text.Contains("${", StringComparison.Ordinal) || text.Contains("%{", StringComparison.Ordinal))
                    {
                        return null;
                    }

                    c.Reset(mark);
                    return WithSpan(ReadQuoted(), start);
                case '[':
                    return TryReadTolerantTuple();
                case '{':
                    return TryReadTolerantObject();
                case '<' when c.Peek(1) == '<':
                    var heredoc = ReadHeredoc();
                    return heredoc.IsTemplate ? null : WithSpan(heredoc, start);
            }

            if (char.IsAsciiDigit(ch) || (ch == '-' && char.IsAsciiDigit(c.Peek(1))))
            {
                return ReadNumber();
            }

            if (IsIdentifierStart(ch))
            {
                var pos = c.Position;
                return ReadIdentifier() switch
                {
                    "true" => new HclBool(true, pos),
                    "false" => new HclBool(false, pos),
                    "null" => new HclNull(pos),
                    _ => null,
                };
            }

            return null;
        }

        private T WithSpan<T>(T expression, int start)
            where T : HclExpression =>
            expression with { Span = new HclSpan(start + BaseOffset, c.Index - start) };

        private HclTuple? TryReadTolerantTuple()
        {
            var pos = c.Position;
            c.Enter(pos, "list");
            c.Advance();
            var items = new List<HclExpression>();
            while (true)
            {
                SkipTrivia(stopAtNewline: false);
                if (c.Peek() == ']')
                {
                    c.Advance();
                    c.Leave();
                    return new HclTuple(items, pos);
                }

                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this list is not closed", "add the missing \"]\"");
                }

                if (items.Count == 0 && LookingAtKeyword("for"))
                {
                    c.Leave();
                    return null;
                }

                items.Add(ReadTolerant(RawEnd.TupleItem));
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

        private HclObject? TryReadTolerantObject()
        {
            var pos = c.Position;
            c.Enter(pos, "object");
            c.Advance();
            var items = new List<HclObjectItem>();
            while (true)
            {
                SkipTrivia(stopAtNewline: false);
                if (c.Peek() == '}')
                {
                    c.Advance();
                    c.Leave();
                    return new HclObject(items, pos);
                }

                if (c.AtEnd)
                {
                    throw HclCursor.Error(pos, "this object is not closed", "add the missing \"}\"");
                }

                if (items.Count == 0 && LookingAtKeyword("for"))
                {
                    c.Leave();
                    return null;
                }

                // Keys that are expressions ("${x}", (var.k), a.b) make the whole object an expression.
                var keyPos = c.Position;
                var keyMark = c.Mark();
                var keyStart = c.Index;
                string key;
                if (c.Peek() == '"')
                {
                    ScanQuoted();
                    var quoted = c.Text[keyStart..c.Index];
                    if (quoted.Contains("${", StringComparison.Ordinal) || quoted.Contains("%{", StringComparison.Ordinal))
                    {
                        c.Leave();
                        return null;
                    }

                    c.Reset(keyMark);
                    key = ReadQuoted().Value;
                }
                else if (IsIdentifierStart(c.Peek()))
                {
                    key = ReadIdentifier();
                }
                else
                {
                    c.Leave();
                    return null;
                }

                SkipTrivia(stopAtNewline: true);
                if (c.Peek() is not ('=' or ':') || c.Peek(1) is '=' or '>')
                {
                    c.Leave();
                    return null;
                }

                c.Advance();
                SkipTrivia(stopAtNewline: true);
                items.Add(new HclObjectItem(key, ReadTolerant(RawEnd.ObjectItem), keyPos));
                SkipTrivia(stopAtNewline: true);
                if (c.Peek() is ',' or '\n')
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

        private bool LookingAtKeyword(string word) => c.LookingAt(word) && !IsIdentifierPart(c.Peek(word.Length));

        /// <summary>The expression at the cursor as text, skipped by its brackets, strings, templates, heredocs and comments.</summary>
        private HclRawExpression ReadRaw(RawEnd end)
        {
            var pos = c.Position;
            var start = c.Index;
            var last = ScanExpression(end);
            if (last == start)
            {
                throw c.AtEnd || c.Peek() == '\n'
                    ? c.Error("expected a value, found " + c.Describe(), "write the value on the same line as the \"=\"")
                    : c.Error($"expected a value, found {c.Describe()}", "write an expression");
            }

            return new HclRawExpression(c.Text[start..last], pos) { Span = new HclSpan(start + BaseOffset, last - start) };
        }

        /// <summary>Moves past one expression; returns the index just after its last character that is not a blank or comment.</summary>
        private int ScanExpression(RawEnd end)
        {
            var open = new Stack<(char Close, HclPosition At)>();
            var last = c.Index;
            while (true)
            {
                if (c.AtEnd)
                {
                    if (open.Count > 0)
                    {
                        var (close, at) = open.Peek();
                        throw HclCursor.Error(at, $"this \"{Opening(close)}\" is not closed", $"add the missing \"{close}\"");
                    }

                    return last;
                }

                var ch = c.Peek();
                if (open.Count == 0 && IsEnd(ch, end))
                {
                    return last;
                }

                if (ch == '"')
                {
                    ScanQuoted();
                }
                else if (ch == '<' && c.Peek(1) == '<' && IsIdentifierStart(c.Peek(2) == '-' ? c.Peek(3) : c.Peek(2)))
                {
                    ReadHeredoc();
                }
                else if (ch == '#' || (ch == '/' && c.Peek(1) == '/'))
                {
                    if (open.Count == 0 && end is RawEnd.Attribute or RawEnd.ObjectItem)
                    {
                        return last;
                    }

                    while (!c.AtEnd && c.Peek() != '\n')
                    {
                        c.Advance();
                    }

                    continue;
                }
                else if (ch == '/' && c.Peek(1) == '*')
                {
                    SkipTrivia(stopAtNewline: true);
                    continue;
                }
                else if (ch is '(' or '[' or '{')
                {
                    open.Push((ch == '(' ? ')' : ch == '[' ? ']' : '}', c.Position));
                    c.Advance();
                }
                else if (ch is ')' or ']' or '}')
                {
                    if (open.Count == 0 || open.Peek().Close != ch)
                    {
                        throw open.Count == 0
                            ? c.Error($"unexpected \"{ch}\"", "remove it, or add the bracket it should close")
                            : c.Error($"unexpected \"{ch}\": the \"{Opening(open.Peek().Close)}\" at {open.Peek().At.Line}:{open.Peek().At.Column} is still open",
                                $"close it with \"{open.Peek().Close}\" first");
                    }

                    open.Pop();
                    c.Advance();
                }
                else
                {
                    c.Advance();
                    if (ch is ' ' or '\t' or '\r' or '\n')
                    {
                        continue;
                    }
                }

                last = c.Index;
            }
        }

        private static bool IsEnd(char ch, RawEnd end) => end switch
        {
            RawEnd.Attribute => ch is '\n' or '}' or ',' or ')' or ']',
            RawEnd.ObjectItem => ch is '\n' or ',' or '}' or ')' or ']',
            RawEnd.TupleItem => ch is ',' or ']' or ')' or '}',
            _ => ch is '}' or ')' or ']',
        };

        private static char Opening(char close) => close switch { ')' => '(', ']' => '[', _ => '{' };

        /// <summary>
        /// Moves past a quoted string, following template sequences to their own closing brace, so
        /// <c>"${ "}" }"</c> and strings nested in templates in strings end where HCL ends them.
        /// </summary>
        private void ScanQuoted()
        {
            var start = c.Position;
            c.Advance();
            while (true)
            {
                if (c.AtEnd || c.Peek() == '\n')
                {
                    throw HclCursor.Error(start, "this string is not closed", "add the closing \" on the same line (use \\n for a line break)");
                }

                var ch = c.Peek();
                if (ch == '"')
                {
                    c.Advance();
                    return;
                }

                if (ch == '\\')
                {
                    c.Advance(c.Peek(1) == '\0' ? 1 : 2);
                }
                else if ((ch == '$' && c.LookingAt("$${")) || (ch == '%' && c.LookingAt("%%{")))
                {
                    c.Advance(3);
                }
                else if (ch is '$' or '%' && c.Peek(1) == '{')
                {
                    var at = c.Position;
                    c.Advance(2);
                    c.Enter(at, "template sequence");
                    ScanExpression(RawEnd.Interpolation);
                    if (c.Peek() != '}')
                    {
                        throw c.AtEnd
                            ? HclCursor.Error(at, "this template sequence is not closed", "add the missing \"}\"")
                            : c.Error($"unexpected {c.Describe()} in the template sequence started at {at.Line}:{at.Column}", "close the brackets inside it, then the \"}\"");
                    }

                    c.Advance();
                    c.Leave();
                }
                else
                {
                    c.Advance();
                }
            }
        }
    }
}
