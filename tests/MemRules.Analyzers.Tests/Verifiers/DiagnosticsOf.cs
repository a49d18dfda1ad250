using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>The analyzer's diagnostics on some code, for tests that assert on messages or on broken code (fails on analyzer exceptions).</summary>
    public sealed class DiagnosticsOf<TAnalyzer> : AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public async Task<ImmutableArray<Diagnostic>> GetAsync()
        {
            var (project, _) = CreateProject(AllSources());
            return await GetAnalyzerDiagnosticsAsync(project);
        }
    }
}
