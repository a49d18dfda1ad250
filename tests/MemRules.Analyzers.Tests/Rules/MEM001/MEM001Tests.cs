using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    public class MEM001Tests
    {
        [Fact]
        public async Task Never_disposed_local_is_reported_and_fixed_with_a_using_declaration()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M()
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        return s.ReadByte();
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int M()
                    {
                        using var s = new FileStream("a", FileMode.Open);
                        return s.ReadByte();
                    }
                }
                """);
        }

        [Fact]
        public async Task Disposed_returned_or_stored_locals_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    Stream _kept;
                    void Disposed() { var s = new FileStream("a", FileMode.Open); s.ReadByte(); s.Dispose(); }
                    Stream Returned() { var s = new FileStream("a", FileMode.Open); return s; }
                    void Stored() { var s = new FileStream("a", FileMode.Open); _kept = s; }
                    void Using() { using var s = new FileStream("a", FileMode.Open); s.ReadByte(); }
                    void UsingStatement() { using (var s = new FileStream("a", FileMode.Open)) { s.ReadByte(); } }
                    void Excluded() { var m = new MemoryStream(); m.WriteByte(1); }
                }
                """);
        }
    }
}
