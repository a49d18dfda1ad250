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
                    int Plain(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { [|s.Dispose()|]; } }
                    int Conditional(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { [|s?.Dispose()|]; } }
                    int Checked(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { if (s != null) [|s.Dispose()|]; } }
                    int CheckedBlock(string p) { var s = new FileStream(p, FileMode.Open); try { return s.ReadByte(); } finally { if (s is not null) { [|s.Dispose()|]; } } }
                    int AssignedFirst(string p) { FileStream s = null; try { s = new FileStream(p, FileMode.Open); return s.ReadByte(); } finally { [|s?.Dispose()|]; } }
                    async Task Async(string p) { var s = new FileStream(p, FileMode.Open); try { await s.FlushAsync(); } finally { await [|s.DisposeAsync()|]; } }
                    async Task Configured(string p) { var s = new FileStream(p, FileMode.Open); try { await s.FlushAsync(); } finally { await [|s.DisposeAsync()|].ConfigureAwait(false); } }
                    void OtherStatements(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { System.Console.WriteLine(); [|s.Dispose()|]; } }
                }
                """);
        }
    }
}
