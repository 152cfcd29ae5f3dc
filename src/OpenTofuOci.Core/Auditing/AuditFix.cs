namespace OpenTofuOci.Core.Auditing;

/// <summary>One content-preserving repair: what it does (for <c>-WhatIf</c> and reports) and whether it was applied.</summary>
/// <param name="Finding">The finding it repairs.</param>
/// <param name="Action">What is done, in one sentence (e.g. "re-push the index of 1.2.0 with artifactType … and move tag 1.2.0 to it").</param>
/// <param name="Applied">False when it was only planned (<c>-WhatIf</c>, declined).</param>
/// <param name="NewDigest">The digest the tag points at afterwards, when it changed.</param>
public sealed record AuditFix(AuditFinding Finding, string Action, bool Applied, string? NewDigest);
