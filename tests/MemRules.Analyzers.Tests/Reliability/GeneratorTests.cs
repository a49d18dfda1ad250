using System.Linq;
using System.Threading.Tasks;
using MemRules.Benchmarks;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>The benchmark's generator: deterministic, compiles, and all rules run over it without an exception.</summary>
    public class GeneratorTests
    {
        private readonly ITestOutputHelper _output;

        public GeneratorTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void The_same_seed_gives_the_same_code_base()
        {
            var a = CodeBaseGenerator.Generate(11, 3_000);
            var b = CodeBaseGenerator.Generate(11, 3_000);
            var c = CodeBaseGenerator.Generate(12, 3_000);
            Assert.Equal(a.Files, b.Files);
            Assert.Equal(a.Planted, b.Planted);
            Assert.NotEqual(a.Files.Select(f => f.Text), c.Files.Select(f => f.Text));
            Assert.True(a.Lines >= 3_000);
        }

        [Fact]
        public async Task A_generated_code_base_compiles_and_every_rule_runs_on_it_without_an_exception()
        {
            var codeBase = CodeBaseGenerator.Generate(1, 5_000);
            Assert.True(codeBase.Planted.Values.Sum() > 0, "the generator plants no mistake");
            var project = AllRules.CreateProject(codeBase.Files);
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var (diagnostics, crashes) = await AllRules.AnalyzeAsync(project);
            Assert.Empty(crashes);
            Assert.NotEmpty(diagnostics);
            _output.WriteLine($"{codeBase.Lines} lines, planted {string.Join(", ", codeBase.Planted.Select(p => $"{p.Key} {p.Value}"))}; " +
                string.Join(", ", diagnostics.GroupBy(d => d.Id).Select(g => $"{g.Key}: {g.Count()}")));
        }

        [Fact]
        public async Task The_pathological_shapes_compile()
        {
            foreach (var code in new[]
            {
                CodeBaseGenerator.Shapes.LongMethod(500),
                CodeBaseGenerator.Shapes.LongMethod(500, releaseOnBranches: true),
                CodeBaseGenerator.Shapes.DeepNesting(50),
                CodeBaseGenerator.Shapes.ManyFields(200),
                CodeBaseGenerator.LongFile(1, 2_000),
            })
            {
                var compilation = (await AllRules.CreateProject(new[] { ("Shape.cs", code) }).GetCompilationAsync())!;
                Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            }
        }
    }
}
