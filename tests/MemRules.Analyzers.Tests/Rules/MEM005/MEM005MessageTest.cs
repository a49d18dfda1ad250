using System.Collections.Immutable;
using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>An analyzer test that also returns the diagnostics, to assert on their messages.</summary>
    internal sealed class MEM005MessageTest : AnalyzerTest<MEM005UnboundedCollectionAnalyzer>
    {
        public async Task<ImmutableArray<Diagnostic>> RunAndGetDiagnosticsAsync()
        {
            await RunAsync();
            var (project, _) = CreateProject(new[] { TestCode });
            return await GetAnalyzerDiagnosticsAsync(project);
        }
    }
}
