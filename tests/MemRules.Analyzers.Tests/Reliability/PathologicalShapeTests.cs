using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// Shapes that made an analyzer quadratic must stay cheap. The bounds are generous (CI machines are
    /// shared and slow, tests run in Debug). The 10,000-statement method once took 38 s of analyzer time
    /// in Release; then 1.3 s under a per-method budget that left most of its resources unanalyzed; the
    /// straight-line path now analyzes all of them without a control flow graph, in about 0.2 s. Its
    /// variant that needs the graph keeps the budget honest.
    /// </summary>
    public class PathologicalShapeTests
    {
        private readonly ITestOutputHelper _output;

        public PathologicalShapeTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_method_of_10000_statements_with_2000_resources_is_analyzed_in_seconds()
        {
            var (diagnostics, analyzerTime, bound) = await AnalyzeAsync(CodeBaseGenerator.Shapes.LongMethod(10_000), TimeSpan.FromSeconds(5));

            // Every one of the 2,000 FileStreams is disposed after a call that can throw: all are analyzed.
            Assert.Equal(2_000, diagnostics.Count(d => d.Id == RuleIdentifiers.CleanupOutsideFinally));
            Assert.DoesNotContain(diagnostics, d => d.Id == RuleIdentifiers.UndisposedLocal);
            Assert.True(analyzerTime < bound, $"the analyzers took {analyzerTime.TotalMilliseconds:F0} ms on one 10,000-statement method");
        }

        [Fact]
        public async Task The_same_method_with_releases_only_a_graph_can_follow_stays_within_the_budget()
        {
            var (diagnostics, analyzerTime, bound) = await AnalyzeAsync(CodeBaseGenerator.Shapes.LongMethod(10_000, releaseOnBranches: true), TimeSpan.FromSeconds(15));

            // The budget lets the first resources through the graph (both branches' releases follow a
            // call that can throw) and stops before the walks turn quadratic.
            Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.CleanupOutsideFinally);
            Assert.DoesNotContain(diagnostics, d => d.Id == RuleIdentifiers.UndisposedLocal);
            Assert.True(analyzerTime < bound, $"the analyzers took {analyzerTime.TotalMilliseconds:F0} ms on one 10,000-statement method");
        }

        /// <summary>
        /// All rules' diagnostics and the time inside their callbacks (as the benchmark measures it), not
        /// the driver's binding. The bound is <paramref name="quiet"/> or three times what the compiler took to
        /// bind the same code, whichever is larger: a loaded machine slows both alike (at a load average of 70 the
        /// graph variant took 10 s beside 7 s of binding), while a quadratic walk outgrows the binding.
        /// </summary>
        private async Task<(ImmutableArray<Diagnostic> Diagnostics, TimeSpan AnalyzerTime, TimeSpan Bound)> AnalyzeAsync(string code, TimeSpan quiet)
        {
            var project = AllRules.CreateProject(new[] { ("LongMethod.cs", code) });
            var compilation = (await project.GetCompilationAsync())!;
            var bind = System.Diagnostics.Stopwatch.StartNew();
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)); // binds it first
            bind.Stop();
            var bound = TimeSpan.FromTicks(Math.Max(quiet.Ticks, 3 * bind.Elapsed.Ticks));
            _output.WriteLine($"{bind.ElapsedMilliseconds} ms to bind; bound {bound.TotalMilliseconds:F0} ms");

            var analyzers = AllRules.Analyzers;
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            var analyzerTime = TimeSpan.Zero;
            foreach (var analyzer in analyzers)
            {
                analyzerTime += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime;
            }

            _output.WriteLine($"{analyzerTime.TotalMilliseconds:F0} ms in the analyzers; {AllRules.Describe(diagnostics)}");
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return (diagnostics, analyzerTime, bound);
        }
    }
}
