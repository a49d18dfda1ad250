using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    public class MEM002DiagnosticsTests
    {
        [Fact]
        public async Task Disposable_type_whose_Dispose_misses_the_field()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                sealed class C : IDisposable
                {
                    readonly CancellationTokenSource {|MEM002:_cts|} = new();
                    public void Dispose() { Stop(); }
                    void Stop() { _cts.Cancel(); }
                }
                """);
        }
    }
}
