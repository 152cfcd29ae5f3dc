using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// Decides, before anything is written, what publishing a module package does to each of its tags: a
/// tag already on this package is left alone, a new one is written, and one on other content is
/// refused unless forced — a configuration whose source says <c>?tag=…</c> would silently get other
/// files at its next <c>tofu init</c>, and modules have no lock file to notice.
/// </summary>
internal static class ModuleTagGuard
{
    /// <summary>The tags to write (new or moved, in the order given) and the ones moved.</summary>
    public sealed record Plan(IReadOnlyList<string> ToWrite, IReadOnlyList<ModuleTagReplacement> Replaced)
    {
        public ModulePublishStatus Status => Replaced.Count > 0 ? ModulePublishStatus.Replaced
            : ToWrite.Count > 0 ? ModulePublishStatus.Published
            : ModulePublishStatus.Unchanged;
    }

    /// <summary>Resolves every tag first, so a refusal names all the conflicting tags and writes none.</summary>
    public static async Task<Plan> CheckAsync(IReadOnlyTarget target, string display, IReadOnlyList<string> tags, string newDigest, bool force,
        CancellationToken cancellationToken)
    {
        var toWrite = new List<string>();
        var conflicts = new List<ModuleTagReplacement>();
        foreach (var tag in tags)
        {
            var existing = await ExistingTag.DigestAsync(target, tag, cancellationToken).ConfigureAwait(false);
            if (existing == newDigest)
            {
                continue;
            }

            toWrite.Add(tag);
            if (existing is not null)
            {
                conflicts.Add(new ModuleTagReplacement(tag, existing));
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Exists(display, conflicts, newDigest);
        }

        return new Plan(toWrite, conflicts);
    }

    private static TofuOciException Exists(string display, List<ModuleTagReplacement> conflicts, string newDigest)
    {
        var which = string.Join(" and ", conflicts.Select(c => $"tag {c.Tag} → {c.PreviousDigest}"));
        UserMessage consequence;
        if (conflicts.Count == 1)
        {
            consequence = $"Configurations whose source says ?tag={conflicts[0].Tag} would get other files at their next tofu init; "
                + $"publish under a new tag, or move it deliberately with {UserOption.Force}.";
        }
        else
        {
            consequence = $"Configurations whose source names those tags would get other files at their next tofu init; "
                + $"publish under new tags, or move them deliberately with {UserOption.Force}.";
        }

        return new TofuOciException(ErrorIds.ModuleTagExists, ErrorKind.ResourceExists,
            $"{display} already has {which}, other content than this module package ({newDigest}). {consequence}",
            $"{display}:{conflicts[0].Tag}");
    }
}
