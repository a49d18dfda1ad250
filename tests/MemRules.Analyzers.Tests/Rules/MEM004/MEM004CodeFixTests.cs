using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM004TryFinallyToUsingAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM004UsingInsteadOfTryFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM004
{
    public class MEM004CodeFixTests
    {
        [Theory]
        [InlineData(LanguageVersion.CSharp8)]
        [InlineData(LanguageVersion.Latest)]
        public async Task Try_at_the_end_of_the_block_becomes_a_using_declaration(LanguageVersion version)
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int CountLines(string path)
                    {
                        var reader = new StreamReader(path);
                        try
                        {
                            int count = 0;
                            while (reader.ReadLine() != null)
                            {
                                count++;
                            }

                            return count;
                        }
                        finally
                        {
                            [|reader.Dispose()|];
                        }
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int CountLines(string path)
                    {
                        using var reader = new StreamReader(path);
                        int count = 0;
                        while (reader.ReadLine() != null)
                        {
                            count++;
                        }

                        return count;
                    }
                }
                """, version);
        }

        [Fact]
        public async Task Below_csharp_8_and_before_other_statements_a_using_statement()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M(string path)
                    {
                        StreamReader reader = null;
                        try
                        {
                            reader = new StreamReader(path);
                            reader.ReadLine();
                        }
                        finally
                        {
                            if (reader != null)
                            {
                                [|reader.Dispose()|];
                            }
                        }

                        File.Delete(path);
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    void M(string path)
                    {
                        using (StreamReader reader = new StreamReader(path))
                        {
                            reader.ReadLine();
                        }

                        File.Delete(path);
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }

        [Fact]
        public async Task Async_keeps_other_finally_statements_and_fixes_all()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task M(string a, string b)
                    {
                        var first = new FileStream(a, FileMode.Open);
                        try
                        {
                            await first.FlushAsync();
                        }
                        finally
                        {
                            await [|first.DisposeAsync()|];
                        }

                        var second = new FileStream(b, FileMode.Open);
                        try
                        {
                            await second.FlushAsync();
                        }
                        finally
                        {
                            Console.WriteLine("done");
                            [|second.Dispose()|];
                        }
                    }
                }
                """, """
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task M(string a, string b)
                    {
                        await using (var first = new FileStream(a, FileMode.Open))
                        {
                            await first.FlushAsync();
                        }

                        using var second = new FileStream(b, FileMode.Open);
                        try
                        {
                            await second.FlushAsync();
                        }
                        finally
                        {
                            Console.WriteLine("done");
                        }
                    }
                }
                """, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task No_fix_when_the_dispose_is_not_the_last_finally_statement()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.IO;
                class C
                {
                    void M(string path)
                    {
                        var reader = new StreamReader(path);
                        try
                        {
                            reader.ReadLine();
                        }
                        finally
                        {
                            [|reader.Dispose()|];
                            Console.WriteLine("closed");
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task No_await_using_below_csharp_8()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                sealed class Conn : IAsyncDisposable
                {
                    public ValueTask DisposeAsync() => default;
                }
                class C
                {
                    async Task M()
                    {
                        var c = new Conn();
                        try
                        {
                            await Task.Yield();
                        }
                        finally
                        {
                            await [|c.DisposeAsync()|];
                        }
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }
    }
}
