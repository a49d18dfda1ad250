using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Benchmarks;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// Shapes that made an analyzer quadratic must stay cheap. The bounds are generous (CI machines are
    /// shared and slow); the regression they guard against took 38 s of analyzer time.
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

            var clock = Stopwatch.StartNew();
            var (diagnostics, crashes) = await AllRules.AnalyzeAsync(project);
            clock.Stop();

            _output.WriteLine($"{clock.ElapsedMilliseconds} ms; {AllRules.Describe(diagnostics)}");
            Assert.Empty(crashes);
            Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.CleanupOutsideFinally); // the first resources are still analyzed
            Assert.True(clock.ElapsedMilliseconds < 15_000, $"all rules took {clock.ElapsedMilliseconds} ms on one 10,000-statement method");
        }
    }
}
