using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Tests.Rules
{
    /// <summary>Reads the messages of the diagnostics an analyzer reports for a source (markup is checked by the verifier first).</summary>
    public sealed class DiagnosticMessages<TAnalyzer> : AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static async Task<ImmutableArray<string>> OfAsync(string source)
        {
            var test = new DiagnosticMessages<TAnalyzer> { TestCode = source };
            await test.RunAsync();
            var (project, _) = test.CreateProject(test.AllSources());
            var diagnostics = await test.GetAnalyzerDiagnosticsAsync(project);
            return diagnostics.Select(d => d.GetMessage()).ToImmutableArray();
        }
    }
}
