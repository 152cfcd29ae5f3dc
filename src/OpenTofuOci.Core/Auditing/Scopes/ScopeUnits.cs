using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>Turns a scope into what to plan (reading the configuration and lock file), then into the units to audit, opened through the front end's plans.</summary>
internal static class ScopeUnits
{
    public static async Task<MirrorAuditPreparation> PrepareAsync(MirrorAuditScope scope, CancellationToken cancellationToken)
    {
        var root = scope.ConfigurationDirectory is { } directory
            ? await RootModuleReader.ReadAsync(directory, cancellationToken).ConfigureAwait(false)
            : null;
        var lockFile = scope.LockFilePath is { } path ? await ReadLockFileAsync(path, cancellationToken).ConfigureAwait(false) : root?.LockFile;
        var modules = (root?.ModuleCalls ?? [])
            .Select(c => c.OciAddress)
            .OfType<ModuleAddress>()
            .DistinctBy(a => a.Text, StringComparer.Ordinal)
            .ToList();
        var moduleAccess = modules.Count == 0 ? null : new AuditAccess(modules.Select(AddressInput.ForModule).ToList(), null, []);
        if (scope.Repository is { } repository)
        {
            // The plan refuses a template or several providers next to a repository, in the front end's words.
            return new MirrorAuditPreparation(scope, root, lockFile, [], modules,
                new AuditAccess([new AddressInput(repository)], scope.Template, scope.Providers), moduleAccess);
        }

        var providers = Providers(scope, root, lockFile);
        if (providers.Count == 0 && modules.Count == 0)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                root is null
                    ? "Nothing to audit: name a repository, or the providers a repository template or the CLI configuration maps, or a configuration directory."
                    : $"Nothing to audit: {root.Directory} names no provider and no oci:// module source.",
                root?.Directory);
        }

        return new MirrorAuditPreparation(scope, root, lockFile, providers, modules,
            providers.Count == 0 ? null : new AuditAccess([], scope.Template, providers), moduleAccess);
    }

    public static async Task<IReadOnlyList<AuditUnit>> OpenAsync(MirrorAuditPreparation prepared, IReadOnlyList<AccessPlan> plans, AccessSinks sinks,
        CancellationToken cancellationToken)
    {
        if (plans.Count != prepared.Accesses.Count)
        {
            throw new ArgumentException($"{prepared.Accesses.Count} plans are needed, one per access, but {plans.Count} were given.", nameof(plans));
        }

        var units = new List<AuditUnit>();
        var scope = prepared.Scope;
        if (prepared.ProviderAccess is not null)
        {
            var access = plans[0];
            if (scope.Repository is not null)
            {
                var provider = scope.Providers.Count == 1 ? scope.Providers[0] : RepositoryProvider.Infer(access.Repository);
                var target = access.Open(access.Repository, sinks.Log, sinks.Warning, sinks.Verbose);
                units.Add(new AuditUnit(target, Request(scope, target, provider, prepared.LockFile, access.AccessTo(target).PlainHttp), null));
            }
            else
            {
                var resolver = await access.CreateResolverAsync(sinks, cancellationToken).ConfigureAwait(false);
                foreach (var provider in prepared.Providers)
                {
                    IReadOnlyTarget target;
                    try
                    {
                        target = resolver.Resolve(provider);
                    }
                    catch (TofuOciException ex) when (ex.Code == ErrorCode.ProviderNotFound && access.Choice == RepositoryChoice.CliConfiguration)
                    {
                        // tofu installs such a provider another way (direct, a network mirror): there is no OCI mirror to audit.
                        sinks.Warning?.Invoke($"{ex.Message} It is not audited.");
                        continue;
                    }

                    units.Add(new AuditUnit(target, Request(scope, target, provider, prepared.LockFile, access.AccessTo(target).PlainHttp), null));
                }
            }
        }

        if (prepared.ModuleAccess is not null)
        {
            var access = plans[^1];
            for (var i = 0; i < prepared.Modules.Count; i++)
            {
                var location = access.Repositories[i];
                var target = access.Open(location, sinks.Log, sinks.Warning, sinks.Verbose);
                var module = prepared.Modules[i];
                units.Add(new AuditUnit(target, null, location.LayoutDirectory is { } directory ? module.WithLayoutDirectory(directory) : module));
            }
        }

        return units;
    }

    // Named first, then the configuration's, then (with neither) the lock file's: each once, in that order.
    private static List<ProviderAddress> Providers(MirrorAuditScope scope, RootModule? root, DependencyLockFile? lockFile)
    {
        var providers = new List<ProviderAddress>(scope.Providers);
        providers.AddRange(root?.Providers.Select(p => p.Address) ?? []);
        if (providers.Count == 0 && lockFile is not null)
        {
            providers.AddRange(lockFile.Providers.Keys.Select(ProviderAddress.Parse));
        }

        return providers.Distinct().ToList();
    }

    private static ProviderAuditRequest Request(MirrorAuditScope scope, IReadOnlyTarget target, ProviderAddress provider, DependencyLockFile? lockFile, bool plainHttp) =>
        new(target, provider)
        {
            ExpectedPlatforms = scope.ExpectedPlatforms,
            Locked = lockFile?.Find(provider.ToString()),
            Versions = scope.Versions,
            Deep = scope.Deep,
            PlainHttp = plainHttp,
        };

    // A lock file named explicitly must be there: auditing against a missing one would pass without checking anything.
    private static async Task<DependencyLockFile> ReadLockFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"The lock file {path} does not exist; give the path of a .terraform.lock.hcl.", path);
        }

        return await LockFileReader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
