using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Runs the operations of one reliability suite through a <see cref="FaultProxy"/> and classifies
/// each: recovered (succeeded with at least one fault injected in it), succeeded untouched, clean
/// failure (a <see cref="TofuOciException"/> with an error id and nothing partial left, as the suite's
/// check says) or bad outcome (wrong result, untyped exception, partial state, or no answer before the
/// deadline). With <c>TOFU_OCI_RELIABILITY_REPORT=&lt;dir&gt;</c> set, <see cref="Report"/> writes
/// <c>&lt;dir&gt;/&lt;suite&gt;.json</c>, which tests/reliability/update-figures.sh renders.
/// </summary>
internal sealed class ReliabilityLedger(string suite, FaultProxy proxy)
{
    /// <summary>Longest one operation may take before it counts as a hang.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Dictionary<FaultKind, int> _byKind = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
    private readonly Dictionary<string, int> _failureIds = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Suite { get; } = suite;

    public int Operations { get; private set; }

    public int Recovered { get; private set; }

    public int Untouched { get; private set; }

    public int CleanFailures { get; private set; }

    /// <summary>What a success check answers for a wrong result that only an undetectable fault explains.</summary>
    public const string Undetectable = "undetectable";

    /// <summary>Successes with a wrong result that no client could have told from a right one (see <see cref="Undetectable"/>).</summary>
    public int UndetectableCorruptions { get; private set; }

    /// <summary>Operations that had at least one fault injected.</summary>
    public int Faulted { get; private set; }

    public int FaultsInjected => _byKind.Values.Sum();

    public IReadOnlyDictionary<FaultKind, int> ByKind => _byKind;

    /// <summary>What went wrong, one line per bad outcome (empty when all is well).</summary>
    public List<string> BadOutcomes { get; } = [];

    public int Succeeded => Recovered + Untouched;

    /// <summary>
    /// Runs <paramref name="operation"/>; on success <paramref name="checkSuccess"/> tells what is wrong
    /// with its result (null: nothing), on a typed failure <paramref name="checkFailure"/> tells what it
    /// left behind (null: nothing). Returns whether the operation succeeded cleanly.
    /// </summary>
    public Task<bool> RunAsync<T>(string name, Func<CancellationToken, Task<T>> operation, Func<T, Task<string?>> checkSuccess, Func<TofuOciException, Task<string?>> checkFailure) =>
        RunAsync(name, operation, (result, _) => checkSuccess(result), checkFailure);

    /// <summary>
    /// As the other overload; <paramref name="checkSuccess"/> also gets the faults injected in the
    /// operation and may answer <see cref="Undetectable"/> for a wrong result no client could have
    /// noticed (a flipped byte in a body no digest covers), which is counted apart, not as recovered.
    /// </summary>
    public async Task<bool> RunAsync<T>(string name, Func<CancellationToken, Task<T>> operation, Func<T, FaultCounts, Task<string?>> checkSuccess,
        Func<TofuOciException, Task<string?>> checkFailure)
    {
        var before = proxy.Counts;
        using var cts = new CancellationTokenSource();
        Exception? error = null;
        T? result = default;
        var task = Task.Run(() => operation(cts.Token));
        try
        {
            result = await task.WaitAsync(Deadline);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            await cts.CancelAsync();
            error = new TimeoutException($"no answer within {Deadline.TotalSeconds} s");
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var faults = proxy.Counts.Since(before);
        Operations++;
        foreach (var (kind, n) in faults.ByKind)
        {
            _byKind[kind] += n;
        }

        if (faults.Total > 0)
        {
            Faulted++;
        }

        var injected = string.Join(", ", faults.ByKind.Where(k => k.Value > 0).Select(k => $"{k.Key}×{k.Value}"));
        string? problem;
        if (error is null)
        {
            problem = await checkSuccess(result!, faults);
            if (problem == Undetectable)
            {
                UndetectableCorruptions++;
                return false;
            }

            if (problem is null)
            {
                if (faults.Total > 0)
                {
                    Recovered++;
                }
                else
                {
                    Untouched++;
                }

                return true;
            }
        }
        else if (error is TofuOciException typed && !string.IsNullOrEmpty(typed.ErrorId))
        {
            problem = await checkFailure(typed);
            if (problem is null)
            {
                CleanFailures++;
                _failureIds[typed.ErrorId] = _failureIds.GetValueOrDefault(typed.ErrorId) + 1;
                return false;
            }

            problem = $"{typed.ErrorId}: {typed.Message} — and {problem}";
        }
        else
        {
            problem = $"{error.GetType().Name}: {error.Message}";
        }

        BadOutcomes.Add($"{name} (faults: {injected}): {problem}");
        return false;
    }

    /// <summary>Writes the figures when TOFU_OCI_RELIABILITY_REPORT names a directory; returns a one-line summary either way.</summary>
    public string Report(int seed)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{Suite}: {Operations} operations, {FaultsInjected} faults, {Recovered} recovered, {Untouched} untouched, {CleanFailures} clean failures, {UndetectableCorruptions} undetectable, {BadOutcomes.Count} bad outcomes");
        var dir = Environment.GetEnvironmentVariable("TOFU_OCI_RELIABILITY_REPORT");
        if (string.IsNullOrEmpty(dir))
        {
            return summary;
        }

        Directory.CreateDirectory(dir);
        var counts = proxy.Counts;
        var figures = new Dictionary<string, object>
        {
            ["suite"] = Suite,
            ["seed"] = seed,
            ["operations"] = Operations,
            ["faultsInjected"] = FaultsInjected,
            ["operationsFaulted"] = Faulted,
            ["byKind"] = _byKind.Where(k => k.Value > 0).ToDictionary(k => KindName(k.Key), k => k.Value),
            ["recovered"] = Recovered,
            ["succeededUntouched"] = Untouched,
            ["cleanFailures"] = CleanFailures,
            ["cleanFailureIds"] = _failureIds.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value),
            ["undetectableCorruptions"] = UndetectableCorruptions,
            ["badOutcomes"] = BadOutcomes.Count,
            ["reads"] = counts.Reads,
            ["writes"] = counts.Writes,
            ["seconds"] = Math.Round(_clock.Elapsed.TotalSeconds, 1),
        };
        File.WriteAllText(Path.Combine(dir, Suite + ".json"), JsonSerializer.Serialize(figures, Indented));
        return summary;
    }

    /// <summary>The name a fault kind has in the figures.</summary>
    public static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.Reset => "reset",
        FaultKind.ServiceUnavailable => "503",
        FaultKind.TooManyRequests => "429 Retry-After",
        FaultKind.TruncatedBody => "truncated body",
        FaultKind.FlippedByte => "flipped byte",
        FaultKind.Delay => "delay",
        FaultKind.WriteResetBefore => "write reset before",
        FaultKind.WriteResetAfter => "write reset after",
        FaultKind.WriteServerError => "write 5xx",
        _ => kind.ToString(),
    };
}
