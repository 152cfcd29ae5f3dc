using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Output;

/// <summary>
/// Writes cmdlet help as MAML, the XML Get-Help reads for binary modules from
/// <c>&lt;culture&gt;/&lt;assembly&gt;.dll-Help.xml</c>: a <c>helpItems schema="maml"</c> root with one
/// <c>command:command</c> per cmdlet, in the layout PlatyPS produces.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>Example titles are centred between dashes up to this width, as first-party help shows them.</summary>
    private const int ExampleTitleWidth = 64;

    public static string Write(IEnumerable<CommandHelp> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(CommandElement));
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new System.Text.UTF8Encoding(false),
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return new System.Text.UTF8Encoding(false).GetString(stream.ToArray()) + "\n";
    }

    private static XElement CommandElement(CommandHelp help)
    {
        var links = new List<RelatedLink>();
        if (help.OnlineVersion is not null)
        {
            // Get-Help -Online opens the first link that is a URI.
            links.Add(new RelatedLink("Online Version:", help.OnlineVersion));
        }

        links.AddRange(help.Links);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", links.Select(l =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri.Length == 0 ? null : l.Uri)))));
    }

    private static XElement SyntaxItem(CommandHelp help, SyntaxSet set) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            set.ParameterNames.Select(name =>
            {
                var parameter = help.Parameters.First(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                return Parameter(parameter, parameter.For(set.Name)!, inSyntax: true);
            }));

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        var variableLength = metadata.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false";
        return new XElement(Command + "parameter",
            new XAttribute("required", Lower(metadata.Required)),
            new XAttribute("variableLength", variableLength),
            new XAttribute("globbing", Lower(metadata.Wildcards)),
            new XAttribute("pipelineInput", metadata.PipelineInput),
            new XAttribute("position", metadata.Position?.ToString(CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description),
            // In a syntax line a switch is just [-Name]; a value element would make it [-Name <SwitchParameter>].
            inSyntax && metadata.IsSwitch
                ? null
                : new XElement(Command + "parameterValue",
                    new XAttribute("required", Lower(!metadata.IsSwitch)),
                    new XAttribute("variableLength", variableLength),
                    metadata.Type),
            new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", metadata.IsSwitch && metadata.DefaultValue == "None" ? "False" : metadata.DefaultValue));
    }

    private static XElement TypeElement(string element, TypeHelp type) =>
        new(Command + element,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            Description(type.Description));

    private static XElement Example(ExampleHelp example) =>
        new(Command + "example",
            new XElement(Maml + "title", PadTitle(example.Title)),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static XElement Description(IReadOnlyList<TextBlock> blocks) => new(Maml + "description", Paragraphs(blocks));

    private static IEnumerable<XElement> Paragraphs(IReadOnlyList<TextBlock> blocks) =>
        blocks.Select(b => new XElement(Maml + "para", TextLayout.MamlParagraph(b)));

    internal static string PadTitle(string title)
    {
        // A longer title still gets a few dashes: they are what separates it from the remarks above.
        var pad = new string('-', Math.Max(3, (ExampleTitleWidth - title.Length - 2) / 2));
        return $"{pad} {title} {pad}";
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
