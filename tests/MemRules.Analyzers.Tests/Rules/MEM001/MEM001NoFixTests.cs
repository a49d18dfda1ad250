using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    /// <summary>Where a using would not compile or would change behaviour, no fix is offered.</summary>
    public class MEM001NoFixTests
    {
        [Fact]
        public async Task Returned_on_another_path()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    Stream M(bool b)
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        if (b)
                        {
                            return s;
                        }

                        return null;
                    }
                }
                """);
        }

        [Fact]
        public async Task Reassigned_local()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M()
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        s.WriteByte(1);
                        s = new FileStream("b", FileMode.Open);
                        s.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Goto_in_the_method()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M(int n)
                    {
                    again:
                        var s = [|new FileStream("a", FileMode.Open)|];
                        s.WriteByte(1);
                        if (--n > 0) goto again;
                    }
                }
                """);
        }

        [Fact]
        public async Task Declared_in_a_switch_section()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M(int n)
                    {
                        switch (n)
                        {
                            case 1:
                                var s = [|new FileStream("a", FileMode.Open)|];
                                s.WriteByte(1);
                                break;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Used_after_its_dispose()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    long M(bool b)
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        if (b)
                        {
                            s.Dispose();
                        }

                        return s.Length;
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_only_disposable_outside_an_async_method()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                sealed class Conn : IAsyncDisposable
                {
                    public void Open() { }
                    public ValueTask DisposeAsync() => default;
                }
                class C
                {
                    void M()
                    {
                        var c = [|new Conn()|];
                        c.Open();
                    }
                }
                """);
        }

        [Fact]
        public async Task Local_function_after_the_declaration_below_csharp_8()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M()
                    {
                        var s = [|new FileStream("a", FileMode.Open)|];
                        return Read();
                        int Read() => 1;
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }

        [Fact]
        public async Task Discarded_and_assigned_creations()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    void M()
                    {
                        [|new FileStream("a", FileMode.Open)|];
                        FileStream s;
                        s = [|new FileStream("b", FileMode.Open)|];
                        s.WriteByte(1);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_value_taken_from_the_resource_leaves_the_scope()
        {
            // A using over the archive would dispose what the returned entry stream reads from.
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                using System.IO.Compression;
                class C
                {
                    Stream Entry(string p, bool b)
                    {
                        var archive = [|ZipFile.OpenRead(p)|];
                        if (b)
                        {
                            return null;
                        }

                        return archive.GetEntry("data.bin").Open();
                    }
                }
                """);
        }

        [Fact]
        public async Task Two_wrappers_over_one_inner_stream()
        {
            // Reverse disposal at the end of the block would close the shared stream before the writer flushes to it.
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                using System.Text;
                class C
                {
                    void M(Stream inner)
                    {
                        var writer = [|new StreamWriter(inner, Encoding.UTF8, 1024, leaveOpen: true)|];
                        var binary = new BinaryWriter(inner);
                        writer.Write("header");
                        binary.Write(1);
                        binary.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_creation_used_in_place_on_some_paths_or_after_other_calls()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.IO;
                class C
                {
                    static string Next() => "x";
                    bool Conditional(string p, bool check) => check && [|File.OpenRead(p)|].Length > 0;
                    void After(string p) => Console.WriteLine(Next() + [|new StreamReader(p)|].ReadToEnd());
                    Func<long> Lambda(string p) => () => [|File.OpenRead(p)|].Length;
                }
                """);
        }
    }
}
