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
/// <c>&lt;dir&gt;/&lt;suite&gt;.json</c>, which tests/reliability/update-figures.sh renders. Without a proxy
/// (operations that each had their own, such as native tofu-oci processes) the suite records each
/// operation's outcome with <see cref="Record"/>.
/// </summary>
internal sealed class ReliabilityLedger(string suite, FaultProxy? proxy = null)
{
    /// <summary>Longest one operation may take before it counts as a hang.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Dictionary<FaultKind, int> _byKind = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
    private readonly Dictionary<string, int> _failureIds = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _reads;
    private int _writes;

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
        var through = proxy ?? throw new InvalidOperationException("RunAsync measures faults on the ledger's proxy; without one, use Record.");
        var before = through.Counts;
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

        var faults = through.Counts.Since(before);
        var injected = Count(faults);
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

    /// <summary>
    /// Records an operation run outside <see cref="RunAsync{T}(string, Func{CancellationToken, Task{T}}, Func{T, Task{string?}}, Func{TofuOciException, Task{string?}})"/>
    /// with the faults injected in it (their reads and writes are counted too): a success when
    /// <paramref name="errorId"/> and <paramref name="problem"/> are null, a clean failure with
    /// <paramref name="errorId"/> alone, a bad outcome whenever there is a <paramref name="problem"/>.
    /// </summary>
    public void Record(string name, FaultCounts faults, string? errorId, string? problem)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var injected = Count(faults);
        _reads += faults.Reads;
        _writes += faults.Writes;
        if (problem is not null)
        {
            BadOutcomes.Add($"{name} (faults: {injected}): {(errorId is null ? problem : $"{errorId}: {problem}")}");
        }
        else if (errorId is not null)
        {
            CleanFailures++;
            _failureIds[errorId] = _failureIds.GetValueOrDefault(errorId) + 1;
        }
        else if (faults.Total > 0)
        {
            Recovered++;
        }
        else
        {
            Untouched++;
        }
    }

    /// <summary>Counts one operation and its faults; returns them as text for a bad outcome's line.</summary>
    private string Count(FaultCounts faults)
    {
        Operations++;
        foreach (var (kind, n) in faults.ByKind)
        {
            _byKind[kind] += n;
        }

        if (faults.Total > 0)
        {
            Faulted++;
        }

        return string.Join(", ", faults.ByKind.Where(k => k.Value > 0).Select(k => $"{k.Key}×{k.Value}"));
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
        var (reads, writes) = proxy is null ? (_reads, _writes) : (proxy.Counts.Reads, proxy.Counts.Writes);
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
            ["reads"] = reads,
            ["writes"] = writes,
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
