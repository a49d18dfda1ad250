using System;
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
    /// Shapes that made an analyzer quadratic must stay cheap. The bound is generous (CI machines are
    /// shared and slow, tests run in Debug); the regression it guards against took 38 s of analyzer time in
    /// Release, where the benchmark now measures 1.3 s.
    /// </summary>
    public class PathologicalShapeTests
    {
        private readonly ITestOutputHelper _output;

        public PathologicalShapeTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_method_of_10000_statements_with_2000_resources_is_analyzed_in_seconds()
        {
            var project = AllRules.CreateProject(new[] { ("LongMethod.cs", CodeBaseGenerator.Shapes.LongMethod(10_000)) });
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)); // binds it first

            // Time inside the analyzers' callbacks (as the benchmark measures it), not the driver's binding,
            // which depends on how loaded the machine is.
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
            Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.CleanupOutsideFinally); // the first resources are still analyzed
            Assert.True(analyzerTime < TimeSpan.FromSeconds(15), $"the analyzers took {analyzerTime.TotalMilliseconds:F0} ms on one 10,000-statement method");
        }
    }
}
