using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Takes what the root-module reader needs out of one parsed file: <c>terraform { required_providers }</c>,
/// <c>provider</c> blocks, the provider of each resource, data source and ephemeral resource (also those
/// scoped in <c>check</c> blocks), and <c>module</c> blocks (docs/opentofu-compatibility.md §11).
/// Everything else in the file is left unread.
/// </summary>
internal static class ModuleFileReader
{
    private static readonly string[] ResourceKinds = ["resource", "data", "ephemeral"];

    public static ModuleContents Read(ConfigurationFile file)
    {
        var contents = new ModuleContents();
        contents.FileDigests[file.Path] = file.Sha256;
        var body = file.Parse();
        foreach (var block in body.Blocks)
        {
            switch (block.Type)
            {
                case "terraform":
                    foreach (var required in block.Body.Blocks.Where(b => b.Type == "required_providers"))
                    {
                        foreach (var entry in required.Body.Attributes)
                        {
                            contents.Required.Add(ReadRequirement(file, entry));
                        }
                    }

                    break;
                case "provider" when block.Labels.Count > 0:
                    var version = block.Body.Attribute("version");
                    contents.Uses.Add(new ProviderUse(block.Labels[0], version is null ? null : Literal(file, version.Value, $"the version of provider \"{block.Labels[0]}\""),
                        version is null ? null : file.Locate(version.Value.Position, version.Value.Span), file.Locate(block.Position), IsProviderBlock: true));
                    break;
                case "module" when block.Labels.Count > 0:
                    contents.Modules.Add(ReadModule(file, block));
                    break;
                case "check":
                    foreach (var scoped in block.Body.Blocks.Where(b => b.Type == "data"))
                    {
                        AddResourceUses(file, scoped, contents);
                    }

                    break;
                case var kind when ResourceKinds.Contains(kind):
                    AddResourceUses(file, block, contents);
                    break;
            }
        }

        return contents;
    }

    /// <summary>The literal string <paramref name="value"/> holds; anything else is refused as OpenTofu refuses it.</summary>
    public static string Literal(ConfigurationFile file, HclExpression value, string what)
    {
        if (value is HclString { IsTemplate: false } s)
        {
            return s.Value;
        }

        var found = value switch
        {
            HclRawExpression raw => $"the expression {ConfigurationErrors.Quote(raw.Text)}",
            HclString => $"a template (\"{ConfigurationErrors.Quote(((HclString)value).Value)}\")",
            _ => value.KindName,
        };
        throw ConfigurationErrors.Invalid(file.Locate(value.Position, value.Span), $"{what} must be a literal string, not {found}",
            "write it as a quoted string without references, function calls or templates: it is read before anything is evaluated");
    }

    private static RequiredProviderEntry ReadRequirement(ConfigurationFile file, HclAttribute entry)
    {
        var at = file.Locate(entry.Position);
        switch (entry.Value)
        {
            case HclString { IsTemplate: false } legacy:
                return new RequiredProviderEntry(entry.Name, null, null, legacy.Value, file.Locate(legacy.Position, legacy.Span), at);
            case HclObject settings:
                string? source = null, version = null;
                ConfigLocation? sourceAt = null, versionAt = null;
                foreach (var item in settings.Items)
                {
                    if (item.Key == "source")
                    {
                        source = Literal(file, item.Value, $"the source of required provider \"{entry.Name}\"");
                        sourceAt = file.Locate(item.Value.Position, item.Value.Span);
                    }
                    else if (item.Key == "version")
                    {
                        version = Literal(file, item.Value, $"the version of required provider \"{entry.Name}\"");
                        versionAt = file.Locate(item.Value.Position, item.Value.Span);
                    }
                }

                return new RequiredProviderEntry(entry.Name, source, sourceAt, version, versionAt, at);
            default:
                throw ConfigurationErrors.Invalid(file.Locate(entry.Value.Position, entry.Value.Span),
                    $"the required provider \"{entry.Name}\" must be an object with literal source and version, not {Describe(entry.Value)}",
                    $"write {entry.Name} = {{ source = \"NAMESPACE/{entry.Name}\", version = \"CONSTRAINT\" }}");
        }
    }

    private static string Describe(HclExpression value) =>
        value is HclRawExpression raw ? $"the expression {ConfigurationErrors.Quote(raw.Text)}" : value.KindName;

    private static ModuleBlock ReadModule(ConfigurationFile file, HclBlock block)
    {
        var name = block.Labels[0];
        var source = block.Body.Attribute("source");
        // version = null is how a caller leaves the argument unset, as OpenTofu reads it.
        var version = block.Body.Attribute("version") is { Value: not HclNull } set ? set : null;
        return new ModuleBlock(
            name,
            source is null ? null : Literal(file, source.Value, $"the source of module \"{name}\""),
            source is null ? null : file.Locate(source.Value.Position, source.Value.Span),
            version is null ? null : Literal(file, version.Value, $"the version of module \"{name}\""),
            file.Locate(block.Position));
    }

    private static void AddResourceUses(ConfigurationFile file, HclBlock block, ModuleContents contents)
    {
        if (block.Labels.Count == 0)
        {
            return;
        }

        var type = block.Labels[0];
        var at = file.Locate(block.Position);
        if (file.IsJson)
        {
            // JSON: the block is keyed by type; each attribute is one named resource's body.
            var named = block.Body.Attributes.Where(a => a.Value is HclObject).ToList();
            if (named.Count == 0)
            {
                contents.Uses.Add(new ProviderUse(ImpliedLocalName(type), null, null, at, IsProviderBlock: false));
            }

            foreach (var resource in named)
            {
                var provider = ((HclObject)resource.Value).Items.FirstOrDefault(i => i.Key == "provider")?.Value;
                contents.Uses.Add(new ProviderUse(LocalNameOf(provider) ?? ImpliedLocalName(type), null, null, file.Locate(resource.Position), IsProviderBlock: false));
            }

            return;
        }

        contents.Uses.Add(new ProviderUse(LocalNameOf(block.Body.Attribute("provider")?.Value) ?? ImpliedLocalName(type), null, null, at, IsProviderBlock: false));
    }

    /// <summary>The local name in <c>provider = aws.west</c> (a reference, or a string in JSON and legacy syntax).</summary>
    private static string? LocalNameOf(HclExpression? provider)
    {
        var text = provider switch
        {
            HclRawExpression raw => raw.Text,
            HclString { IsTemplate: false } s => s.Value,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? text : text[..dot]).Trim();
    }

    /// <summary>OpenTofu's default: the resource type up to its first underscore (<c>aws_instance</c> → <c>aws</c>).</summary>
    private static string ImpliedLocalName(string type)
    {
        var underscore = type.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? type : type[..underscore];
    }
}
