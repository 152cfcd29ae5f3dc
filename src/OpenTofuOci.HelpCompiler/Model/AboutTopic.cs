namespace OpenTofuOci.HelpCompiler.Model;

/// <summary>A conceptual help topic (about_*.help.md): its name and its sections in order.</summary>
internal sealed record AboutTopic(string Name, IReadOnlyList<AboutSection> Sections);

/// <summary>A <c>##</c> section (level 2) or a <c>###</c> subsection (level 3) of an about topic.</summary>
internal sealed record AboutSection(int Level, string Title, IReadOnlyList<TextBlock> Body);
