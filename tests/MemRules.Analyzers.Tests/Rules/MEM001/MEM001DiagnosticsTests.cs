using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    public class MEM001DiagnosticsTests
    {
        [Fact]
        public async Task Never_disposed()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        return s.ReadByte();
                    }
                }
                """);
        }

        [Fact]
        public async Task Discarded_creation()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                class C
                {
                    void M() { {|MEM001:new Timer(_ => { }, null, 0, 1000)|}; }
                }
                """);
        }

        [Fact]
        public async Task Early_return()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        if (s.Length == 0)
                        {
                            return 0;
                        }

                        var b = s.ReadByte();
                        s.Dispose();
                        return b;
                    }
                }
                """);
        }

        [Fact]
        public async Task Disposed_on_one_branch_only()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void M(string p, bool flag)
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        s.WriteByte(1);
                        if (flag)
                        {
                            s.Dispose();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Break_and_continue_in_loops()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void Break(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                            if (s.Length == 0)
                            {
                                break;
                            }

                            s.Dispose();
                        }
                    }

                    void Continue(string[] paths)
                    {
                        for (int i = 0; i < paths.Length; i++)
                        {
                            var s = {|MEM001:new FileStream(paths[i], FileMode.Open)|};
                            if (s.Length == 0)
                            {
                                continue;
                            }

                            s.Close();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Loop_iteration_and_reassignment()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void Loop(string[] paths)
                    {
                        FileStream s = null;
                        foreach (var p in paths)
                        {
                            s = {|MEM001:new FileStream(p, FileMode.Open)|};
                            s.WriteByte(1);
                        }

                        s?.Dispose();
                    }

                    void Reassigned(string a, string b)
                    {
                        var s = {|MEM001:new FileStream(a, FileMode.Open)|};
                        s.WriteByte(1);
                        s = new FileStream(b, FileMode.Open);
                        s.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Factories_async_local_functions_and_lambdas()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> Async(string p)
                    {
                        var s = {|MEM001:File.OpenRead(p)|};
                        var buffer = new byte[10];
                        return await s.ReadAsync(buffer, 0, 10);
                    }

                    void Local(CancellationToken token)
                    {
                        Run();
                        void Run()
                        {
                            var linked = {|MEM001:CancellationTokenSource.CreateLinkedTokenSource(token)|};
                            linked.Cancel();
                        }
                    }

                    Func<string, long> Lambda() => p =>
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        return s.Length;
                    };

                    StreamReader Make(string p) => new StreamReader(p);

                    string SameCompilationFactory(string p)
                    {
                        var r = {|MEM001:Make(p)|};
                        return r.ReadLine();
                    }
                }
                """);
        }

        [Fact]
        public async Task Leave_open_wrapper_does_not_take_ownership()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Text;
                class C
                {
                    string M(string p)
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        using var reader = new StreamReader(s, Encoding.UTF8, true, 1024, leaveOpen: true);
                        return reader.ReadToEnd();
                    }
                }
                """);
        }

        [Fact]
        public async Task Reader_over_a_real_stream_is_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    string M(Stream inner)
                    {
                        var r = {|MEM001:new StreamReader(new BufferedStream(inner))|};
                        return r.ReadToEnd();
                    }
                }
                """);
        }

        [Fact]
        public async Task Argument_transfer_can_be_turned_off()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    static void Log(Stream s) { }
                    void M(string p)
                    {
                        var s = {|MEM001:new FileStream(p, FileMode.Open)|};
                        Log(s);
                    }
                }
                """, editorConfig: "memrules.argument_transfers_ownership = false");
        }

        [Fact]
        public async Task Owned_factory_methods_option_and_must_dispose_resource()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class MustDisposeResourceAttribute : Attribute { }
                static class Pool
                {
                    public static Stream Rent() => null;
                    [MustDisposeResource] public static Stream Lease() => null;
                }
                class C
                {
                    void M()
                    {
                        var a = {|MEM001:Pool.Rent()|};
                        a.WriteByte(1);
                        var b = {|MEM001:Pool.Lease()|};
                        b.WriteByte(1);
                    }
                }
                """, editorConfig: "memrules.owned_factory_methods = Pool.Rent");
        }

        [Theory]
        [InlineData("""
            var s = new System.IO.FileStream("a", System.IO.FileMode.Open);
            s.WriteByte(1);
            """, "'s' is created here but never disposed")]
        [InlineData("""
            var s = new System.IO.FileStream("a", System.IO.FileMode.Open);
            if (s.Length == 0) return;
            s.Dispose();
            """, "'s' is not disposed on every path: an early return skips the disposal")]
        [InlineData("""
            var s = new System.IO.FileStream("a", System.IO.FileMode.Open);
            if (s.Length == 0) s.Dispose();
            """, "'s' is not disposed on every path: it is disposed or handed on only on some branches")]
        [InlineData("""
            var s = new System.IO.FileStream("a", System.IO.FileMode.Open);
            s = new System.IO.FileStream("b", System.IO.FileMode.Open);
            s.Dispose();
            """, "'s' is not disposed on every path: the local is reassigned while it still holds the resource")]
        public async Task Message_says_which_path(string body, string message)
        {
            var diagnostics = await new DiagnosticsOf<MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer> { TestCode = "class C { void M() { " + body + " } }" }.GetAsync();
            Assert.Contains(message, diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
