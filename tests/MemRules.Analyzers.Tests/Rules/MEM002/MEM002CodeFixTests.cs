using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    public class MEM002CodeFixTests
    {
        [Fact]
        public async Task Sealed_type_gets_a_plain_Dispose()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;

                public sealed class AuditTrail
                {
                    private readonly StreamWriter [|_log|] = new StreamWriter("audit.log");

                    public void Record(string entry) => _log.WriteLine(entry);
                }
                """, """
                using System;
                using System.IO;

                public sealed class AuditTrail : IDisposable
                {
                    private readonly StreamWriter _log = new StreamWriter("audit.log");

                    public void Record(string entry) => _log.WriteLine(entry);

                    public void Dispose()
                    {
                        _log.Dispose();
                    }
                }
                """);
        }
    }
}
