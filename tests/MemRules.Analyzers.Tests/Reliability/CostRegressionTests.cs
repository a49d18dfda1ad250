using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>Runs alone, after the tests that run in parallel: other tests' threads would be charged to the compile being timed.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class CostCollection
    {
        public const string Name = "Cost (runs alone)";
    }

    /// <summary>
    /// What MemRules adds to a build is far more than the time in its callbacks: the compiler builds
    /// operation trees and binds method bodies again for the analyzers' semantic models (docs/performance.md,
    /// "Added time"). This guard compiles a generated code base with and without all rules, alternating
    /// rounds as the benchmark's `cost` does, and fails when the added time, as a ratio to the compilation
    /// alone in the same round, grows far beyond today's. A ratio, not a time, so that a slow or loaded
    /// machine does not fail it; the median of paired rounds, so that one disturbed round does not.
    /// Set MEMRULES_COST_PLANT=spin:N (N ms of busy work per method body) to plant a regression and see
    /// it fail.
    /// </summary>
    [Collection(CostCollection.Name)]
    public class CostRegressionTests
    {
        /// <summary>
        /// Median added time / compile alone. Measured in Debug (as `dotnet test` builds) on the shared
        /// 2-core machine on 2026-12-01, under a load average of about 40: 5,000 lines, 3 rounds: 46% wall
        /// (rounds 39–81%), 27% CPU (21–38%); 10,000 lines, 5 rounds: 25% wall (15–75%), 27% CPU (22–57%);
        /// at a load average of about 12: 5,000 lines, 7 rounds in 46 s: 39% wall (10–86%), 29% CPU (9–93%).
        /// Under the heavier load the test takes about 3 minutes (its 3 rounds at least).
        /// The bound is about 3x the higher wall median and 5x the CPU medians. With
        /// MEMRULES_COST_PLANT=spin:20 the same test measured 226% wall and 176% CPU and failed.
        /// </summary>
        private const double MaxAddedRatio = 1.5;

        private const int Lines = 5_000;
        private const int MaxRounds = 9;
        private const int MinRounds = 3;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

        private readonly ITestOutputHelper _output;

        public CostRegressionTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task All_rules_add_at_most_a_bounded_fraction_of_the_compile_time()
        {
            var codeBase = CodeBaseGenerator.Generate(1, Lines);
            var compilation = (await AllRules.CreateProject(codeBase.Files).GetCompilationAsync())!;
            var analyzers = AllRules.Analyzers.AddRange(Planted());

            // Warm-up on a small code base: JIT and metadata for both, not timed.
            var small = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Take(3));
            await AddedCost.CompileOnceAsync(small, ImmutableArray<DiagnosticAnalyzer>.Empty);
            await AddedCost.CompileOnceAsync(small, analyzers);

            var ratios = new List<double>();
            var cpuRatios = new List<double>();
            var clock = Stopwatch.StartNew();
            for (int round = 0; round < MaxRounds && (round < MinRounds || clock.Elapsed < Budget); round++)
            {
                // Alternate which goes first, so that neither always runs on the heap the other left.
                CostSample alone, with;
                if (round % 2 == 0)
                {
                    alone = await AddedCost.CompileOnceAsync(compilation, ImmutableArray<DiagnosticAnalyzer>.Empty);
                    with = await AddedCost.CompileOnceAsync(compilation, analyzers);
                }
                else
                {
                    with = await AddedCost.CompileOnceAsync(compilation, analyzers);
                    alone = await AddedCost.CompileOnceAsync(compilation, ImmutableArray<DiagnosticAnalyzer>.Empty);
                }

                ratios.Add((with.WallMs - alone.WallMs) / alone.WallMs);
                cpuRatios.Add((with.CpuMs - alone.CpuMs) / alone.CpuMs);
                _output.WriteLine($"round {round + 1}: compile alone {alone.WallMs:F0} ms (CPU {alone.CpuMs:F0}), with MemRules {with.WallMs:F0} ms (CPU {with.CpuMs:F0}): " +
                    $"added {ratios[^1] * 100:F0}% (CPU {cpuRatios[^1] * 100:F0}%), allocated {alone.AllocatedBytes / 1e6:F0} / {with.AllocatedBytes / 1e6:F0} MB");
            }

            // Fails only when both wall and CPU time say so: other processes on a shared machine disturb the
            // wall time, and the CPU time misses none of the extra work a rule makes the compiler do.
            double wall = AddedCost.Median(ratios), cpu = AddedCost.Median(cpuRatios);
            _output.WriteLine($"{codeBase.Lines} lines, {ratios.Count} rounds in {clock.Elapsed.TotalSeconds:F0} s: median added time {wall * 100:F0}% of the compile alone " +
                $"(rounds {ratios.Min() * 100:F0}%–{ratios.Max() * 100:F0}%), added CPU time {cpu * 100:F0}% (rounds {cpuRatios.Min() * 100:F0}%–{cpuRatios.Max() * 100:F0}%); bound {MaxAddedRatio * 100:F0}%");
            Assert.True(Math.Min(wall, cpu) <= MaxAddedRatio,
                $"MemRules adds {wall * 100:F0}% wall and {cpu * 100:F0}% CPU time to the compile of {codeBase.Lines} generated lines (medians of {ratios.Count} paired rounds; bound {MaxAddedRatio * 100:F0}%): " +
                "has a rule started to make the compiler build operation trees, graphs or semantic models for more methods? Measure with `cost` (docs/performance.md).");
        }

        /// <summary>An analyzer that plants a regression when MEMRULES_COST_PLANT asks for one: to check that the guard fails.</summary>
        private static ImmutableArray<DiagnosticAnalyzer> Planted()
        {
            var plant = Environment.GetEnvironmentVariable("MEMRULES_COST_PLANT");
            if (plant == null || !plant.StartsWith("spin:", StringComparison.Ordinal))
            {
                return ImmutableArray<DiagnosticAnalyzer>.Empty;
            }

            int spinMs = int.Parse(plant.Substring(5), System.Globalization.CultureInfo.InvariantCulture);
            return ImmutableArray.Create<DiagnosticAnalyzer>(new PlantedRegression(spinMs));
        }

#pragma warning disable RS1001 // a test's planted regression, never loaded by a compiler
        private sealed class PlantedRegression : DiagnosticAnalyzer
        {
#pragma warning disable RS2008 // never shipped
            private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("PLANT001", "never", "never", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

            private readonly int _spinMs;

            public PlantedRegression(int spinMs) => _spinMs = spinMs;

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterOperationBlockAction(_ =>
                {
                    // Busy, not asleep: work that costs CPU time as a slow rule would.
                    var spin = Stopwatch.StartNew();
                    while (spin.ElapsedMilliseconds < _spinMs)
                    {
                        Thread.SpinWait(100);
                    }
                });
            }
        }
#pragma warning restore RS1001
    }
}
