using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    /// <summary>
    /// A resource borrowed by an object that outlives the statement (a transform a <c>CryptoStream</c> keeps,
    /// an event a callback signals after a timed-out wait) must stay alive: a using would release it under
    /// the code that still uses it.
    /// </summary>
    public class MEM001BorrowedByWhatItMakesTests
    {
        [Fact]
        public async Task A_transform_handed_to_a_stream_that_is_returned_is_not_used_in_place()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                using System.Security.Cryptography;
                class C
                {
                    Stream Decrypting(Stream inner, SymmetricAlgorithm algorithm)
                    {
                        Stream result = new CryptoStream(inner, algorithm.CreateDecryptor(), CryptoStreamMode.Read);
                        return result;
                    }
                }
                """);
        }

        [Fact]
        public async Task An_event_a_callback_signals_is_not_disposed_under_it()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Threading;
                class C
                {
                    void M(Action<Action> flush)
                    {
                        var done = [|new ManualResetEvent(false)|];
                        flush(() => done.Set());
                        done.WaitOne(TimeSpan.FromSeconds(15));
                    }
                }
                """);
        }
    }
}
