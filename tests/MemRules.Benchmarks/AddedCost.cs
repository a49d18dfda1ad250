using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Benchmarks
{
    /// <summary>A set of analyzers to compile with, and the options change it needs (e.g. CA rules raised to warning).</summary>
    public sealed class AnalyzerSet
    {
        public AnalyzerSet(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, Func<Compilation, Compilation>? configure = null)
        {
            Name = name;
            Analyzers = analyzers;
            Configure = configure ?? (c => c);
        }

        /// <summary>The compiler alone: what every other set's added time is measured against.</summary>
        public static AnalyzerSet None { get; } = new AnalyzerSet("none (compiler alone)", ImmutableArray<DiagnosticAnalyzer>.Empty);

        public string Name { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public Func<Compilation, Compilation> Configure { get; }
    }

    /// <summary>One compile of one set: wall time, bytes allocated and garbage collections while it ran.</summary>
    public readonly struct CostSample
    {
        public CostSample(double wallMs, double cpuMs, long allocatedBytes, int gen0, int gen1, int gen2)
        {
            WallMs = wallMs;
            CpuMs = cpuMs;
            AllocatedBytes = allocatedBytes;
            Gen0 = gen0;
            Gen1 = gen1;
            Gen2 = gen2;
        }

        public double WallMs { get; }

        /// <summary>CPU time of the whole process (all threads, the GC's too) while it ran: less disturbed than wall time by other processes on a shared machine.</summary>
        public double CpuMs { get; }

        public long AllocatedBytes { get; }

        public int Gen0 { get; }

        public int Gen1 { get; }

        public int Gen2 { get; }
    }

    /// <summary>A set's samples, one per round, and its paired differences to the compiler alone in the same rounds.</summary>
    public sealed class SetCost
    {
        public SetCost(AnalyzerSet set, IReadOnlyList<CostSample> samples, IReadOnlyList<CostSample> baseline)
        {
            Set = set;
            Samples = samples;
            AddedMs = samples.Zip(baseline, (s, b) => s.WallMs - b.WallMs).ToList();
            AddedBytes = samples.Zip(baseline, (s, b) => (double)(s.AllocatedBytes - b.AllocatedBytes)).ToList();
            AddedRatio = samples.Zip(baseline, (s, b) => (s.WallMs - b.WallMs) / b.WallMs).ToList();
            AddedCpuMs = samples.Zip(baseline, (s, b) => s.CpuMs - b.CpuMs).ToList();
            AddedCpuRatio = samples.Zip(baseline, (s, b) => (s.CpuMs - b.CpuMs) / b.CpuMs).ToList();
        }

        public AnalyzerSet Set { get; }

        public IReadOnlyList<CostSample> Samples { get; }

        /// <summary>Per round: this set's wall time minus the compiler alone's in the same round.</summary>
        public IReadOnlyList<double> AddedMs { get; }

        /// <summary>Per round: the added time as a fraction of the compiler alone's wall time in the same round.</summary>
        public IReadOnlyList<double> AddedRatio { get; }

        /// <summary>Per round: this set's CPU time minus the compiler alone's in the same round.</summary>
        public IReadOnlyList<double> AddedCpuMs { get; }

        /// <summary>Per round: the added CPU time as a fraction of the compiler alone's CPU time in the same round.</summary>
        public IReadOnlyList<double> AddedCpuRatio { get; }

        public IReadOnlyList<double> AddedBytes { get; }

        public double MedianWallMs => AddedCost.Median(Samples.Select(s => s.WallMs));

        public double MedianAddedMs => AddedCost.Median(AddedMs);

        public double MedianAddedRatio => AddedCost.Median(AddedRatio);

        public double MedianCpuMs => AddedCost.Median(Samples.Select(s => s.CpuMs));

        public double MedianAddedCpuMs => AddedCost.Median(AddedCpuMs);

        public double MedianAddedCpuRatio => AddedCost.Median(AddedCpuRatio);

        public double MedianAllocatedBytes => AddedCost.Median(Samples.Select(s => (double)s.AllocatedBytes));

        public double MedianAddedBytes => AddedCost.Median(AddedBytes);

        public double MedianGen0 => AddedCost.Median(Samples.Select(s => (double)s.Gen0));

        public double MedianGen1 => AddedCost.Median(Samples.Select(s => (double)s.Gen1));

        public double MedianGen2 => AddedCost.Median(Samples.Select(s => (double)s.Gen2));
    }

    /// <summary>
    /// What an analyzer set adds to a build, modelled on csc: a fresh compilation (no bound state from an
    /// earlier round) is compiled with the analyzers running concurrently on it
    /// (<see cref="CompilationWithAnalyzers"/>, <c>concurrentAnalysis: true</c>,
    /// <see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync(CancellationToken)"/>, which produces the
    /// compiler's diagnostics and the analyzers' together) and then emitted; the compiler alone does
    /// <c>GetDiagnostics</c> and <c>Emit</c> on its own fresh compilation. The sets alternate round by round
    /// (the order rotates, so no set always runs first or after the same neighbour), after one warm-up
    /// round, and each set's added time is the median of its per-round differences to the compiler alone.
    /// </summary>
    public static class AddedCost
    {
        /// <summary>Runs <paramref name="rounds"/> alternating rounds of <see cref="AnalyzerSet.None"/> and every set.</summary>
        public static async Task<IReadOnlyList<SetCost>> MeasureAsync(
            Compilation compilation, IReadOnlyList<AnalyzerSet> sets, int rounds, Action<string>? log = null, int warmUpRounds = 1)
        {
            var all = new[] { AnalyzerSet.None }.Concat(sets.Where(s => s != AnalyzerSet.None)).ToList();
            var configured = all.Select(s => s.Configure(compilation)).ToList();
            var samples = all.Select(_ => new List<CostSample>()).ToList();
            for (int round = -warmUpRounds; round < rounds; round++)
            {
                for (int k = 0; k < all.Count; k++)
                {
                    int i = (k + Math.Max(round, 0)) % all.Count;
                    var sample = await CompileOnceAsync(configured[i], all[i].Analyzers);
                    if (round >= 0)
                    {
                        samples[i].Add(sample);
                    }
                }

                if (round >= 0 && log != null)
                {
                    log($"round {round + 1}/{rounds}: " + string.Join(", ", all.Select((s, i) => $"{s.Name} {samples[i][round].WallMs:F0} ms")));
                }
            }

            return all.Select((s, i) => new SetCost(s, samples[i], samples[0])).ToList();
        }

        /// <summary>One compile of a fresh clone, with the analyzers when there are any, after a full collection.</summary>
        public static async Task<CostSample> CompileOnceAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var fresh = compilation.Clone();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            if (analyzers.IsEmpty)
            {
                fresh.GetDiagnostics();
            }
            else
            {
                var withAnalyzers = fresh.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    onAnalyzerException: null,
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false)); // as a build without ReportAnalyzer
                await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            }

            using (var pe = new MemoryStream())
            {
                fresh.Emit(pe);
            }

            double wall = sw.Elapsed.TotalMilliseconds;
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            return new CostSample(
                wall,
                cpuMs,
                GC.GetTotalAllocatedBytes(precise: true) - allocated,
                GC.CollectionCount(0) - gen0,
                GC.CollectionCount(1) - gen1,
                GC.CollectionCount(2) - gen2);
        }

        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            if (sorted.Count == 0)
            {
                return double.NaN;
            }

            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
