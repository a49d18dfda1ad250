using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM004TryFinallyToUsingAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM004UsingInsteadOfTryFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM004
{
    public class MEM004ValidTests
    {
        [Fact]
        public async Task Not_a_using_in_disguise()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void Reassigned(string p) { var s = new FileStream(p, FileMode.Open); try { s = new FileStream("b", FileMode.Open); } finally { s.Dispose(); } }
                    long UsedAfter(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Dispose(); } return s.Length; }
                    void StatementBetween(string p) { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); try { s.WriteByte(2); } finally { s.Dispose(); } }
                    void WithCatch(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } catch (IOException) { } finally { s.Dispose(); } }
                    void MoreInFinally(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Flush(); s.Dispose(); } }
                    void Close(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Close(); } }
                    void Field(string p) { try { } finally { _s.Dispose(); } }
                    void Using(string p) { using var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Dispose(); } }
                    void NotFirstAssignment(string p) { FileStream s = null; try { System.Console.WriteLine(); s = new FileStream(p, FileMode.Open); } finally { s?.Dispose(); } }
                    readonly Stream _s = Stream.Null;
                }
                """);
        }
    }
}
