using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM004TryFinallyToUsingAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM004UsingInsteadOfTryFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM004
{
    public class MEM004DiagnosticsTests
    {
        [Fact]
        public async Task Every_dispose_form()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    int Plain(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { {|#0:s.Dispose()|}; } }
                    int Conditional(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { {|#1:s?.Dispose()|}; } }
                    int Checked(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { if (s != null) {|#2:s.Dispose()|}; } }
                    int CheckedBlock(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { if (s is not null) { {|#3:s.Dispose()|}; } } }
                    int AssignedFirst(string p) { FileStream s = null; try { s = new FileStream(p, FileMode.Open); return s.ReadByte(); } finally { {|#4:s?.Dispose()|}; } }
                    async Task Async(string p) { var s = new FileStream(p, FileMode.Open); try { await s.FlushAsync(); } finally { await {|#5:s.DisposeAsync()|}; } }
                    async Task Configured(string p) { var s = new FileStream(p, FileMode.Open); try { await s.FlushAsync(); } finally { await {|#6:s.DisposeAsync()|}.ConfigureAwait(false); } }
                    void OtherStatements(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { System.Console.WriteLine(); {|#7:s.Dispose()|}; } }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(0).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(1).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(2).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(3).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(4).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(5).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(6).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM004UseUsing).WithLocation(7).WithArguments("s"));
        }
    }
}
