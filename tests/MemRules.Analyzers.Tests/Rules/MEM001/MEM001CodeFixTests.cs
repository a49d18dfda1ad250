using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    public class MEM001CodeFixTests
    {
        [Theory]
        [InlineData(LanguageVersion.CSharp8)]
        [InlineData(LanguageVersion.Latest)]
        public async Task Using_declaration(LanguageVersion version)
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
                """, version);
        }

        [Fact]
        public async Task Using_statement_below_csharp_8_and_fix_all()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        var t = [|new FileStream("b", FileMode.Open)|];
                        if (b)
                        {
                            return 0;
                        }

                        s.Dispose();
                        return t.ReadByte();
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        using (var s = new FileStream("a", FileMode.Open))
                        {
                            using (var t = new FileStream("b", FileMode.Open))
                            {
                                if (b)
                                {
                                    return 0;
                                }

                                return t.ReadByte();
                            }
                        }
                    }
                }
                """, LanguageVersion.CSharp7_3, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task Removes_redundant_dispose_calls_and_fixes_all()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        var t = [|new FileStream("b", FileMode.Open)|];
                        if (b)
                        {
                            return 0;
                        }

                        var x = s.ReadByte() + t.ReadByte();
                        s?.Dispose();
                        return x;
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        using var s = new FileStream("a", FileMode.Open);
                        using var t = new FileStream("b", FileMode.Open);
                        if (b)
                        {
                            return 0;
                        }

                        var x = s.ReadByte() + t.ReadByte();
                        return x;
                    }
                }
                """, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task Await_using_in_async_methods()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(string p)
                    {
                        var s = [|new FileStream(p, FileMode.Open)|];
                        if (s.Length == 0)
                        {
                            return 0;
                        }

                        await s.FlushAsync();
                        await s.DisposeAsync();
                        return 1;
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(string p)
                    {
                        await using var s = new FileStream(p, FileMode.Open);
                        if (s.Length == 0)
                        {
                            return 0;
                        }

                        await s.FlushAsync();
                        return 1;
                    }
                }
                """);
        }

        [Fact]
        public async Task Loop_body()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            var s = [|new FileStream(p, FileMode.Open)|];
                            if (s.Length == 0)
                            {
                                continue;
                            }

                            s.WriteByte(1);
                            s.Dispose();
                        }
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    void M(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            using var s = new FileStream(p, FileMode.Open);
                            if (s.Length == 0)
                            {
                                continue;
                            }

                            s.WriteByte(1);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Inside_an_async_lambda_and_a_local_function()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    Func<string, Task<long>> M() => async p =>
                    {
                        var s = [|new FileStream(p, FileMode.Open)|];
                        await s.FlushAsync();
                        return s.Length;
                    };

                    long N(string p)
                    {
                        return Local();
                        long Local()
                        {
                            var s = [|new FileStream(p, FileMode.Open)|];
                            return s.Length;
                        }
                    }
                }
                """, """
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    Func<string, Task<long>> M() => async p =>
                    {
                        await using var s = new FileStream(p, FileMode.Open);
                        await s.FlushAsync();
                        return s.Length;
                    };

                    long N(string p)
                    {
                        return Local();
                        long Local()
                        {
                            using var s = new FileStream(p, FileMode.Open);
                            return s.Length;
                        }
                    }
                }
                """, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task A_mid_block_release_becomes_a_using_statement_that_ends_where_it_was()
        {
            // A using declaration would hold the exclusive file lock through the wait after it.
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading;
                class C
                {
                    void M(string p)
                    {
                        var s = [|File.Open(p, FileMode.Open, FileAccess.ReadWrite, FileShare.None)|];
                        if (s.Length == 0)
                        {
                            return;
                        }

                        s.WriteByte(1);
                        s.Close(); // unlock before waiting
                        Thread.Sleep(1000);
                    }
                }
                """, """
                using System.IO;
                using System.Threading;
                class C
                {
                    void M(string p)
                    {
                        using (var s = File.Open(p, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                        {
                            if (s.Length == 0)
                            {
                                return;
                            }

                            s.WriteByte(1);
                        }

                        // unlock before waiting
                        Thread.Sleep(1000);
                    }
                }
                """);
        }

        [Fact]
        public async Task Creations_used_in_place_are_held_in_a_using()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                class C
                {
                    string Receiver(string p) => [|new StreamReader(p)|].ReadToEnd();

                    void Statement(string p)
                    {
                        Console.WriteLine([|new StreamReader(p)|].ReadLine());
                        Console.WriteLine("done");
                    }

                    long Declaration(string p)
                    {
                        var length = [|File.OpenRead(p)|].Length;
                        return length * 2;
                    }

                    void Condition(string p)
                    {
                        if ([|File.OpenRead(p)|].Length == 0)
                        {
                            Console.WriteLine("empty");
                        }
                    }
                }
                """, """
                using System;
                using System.IO;
                class C
                {
                    string Receiver(string p)
                    {
                        using var streamReader = new StreamReader(p);
                        return streamReader.ReadToEnd();
                    }

                    void Statement(string p)
                    {
                        using (var streamReader = new StreamReader(p))
                        {
                            Console.WriteLine(streamReader.ReadLine());
                        }

                        Console.WriteLine("done");
                    }

                    long Declaration(string p)
                    {
                        using var fileStream = File.OpenRead(p);
                        var length = fileStream.Length;
                        return length * 2;
                    }

                    void Condition(string p)
                    {
                        using (var fileStream = File.OpenRead(p))
                        {
                            if (fileStream.Length == 0)
                            {
                                Console.WriteLine("empty");
                            }
                        }
                    }
                }
                """, numberOfIncrementalIterations: 4);
        }

        [Fact]
        public async Task The_comments_of_a_removed_release_stay()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        if (b)
                        {
                            return 0;
                        }

                        var x = s.ReadByte();
                        // the stream is done
                        s.Dispose(); // released here
                        return x;
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int M(bool b)
                    {
                        using var s = new FileStream("a", FileMode.Open);
                        if (b)
                        {
                            return 0;
                        }

                        var x = s.ReadByte();
                        // the stream is done
                        // released here
                        return x;
                    }
                }
                """);
        }
    }
}
