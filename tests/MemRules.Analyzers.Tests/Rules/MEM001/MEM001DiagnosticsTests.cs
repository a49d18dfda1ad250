using System.Threading.Tasks;
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
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        return s.ReadByte();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s"));
        }

        [Fact]
        public async Task Discarded_creation()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                class C
                {
                    void M() { {|#0:new Timer(_ => { }, null, 0, 1000)|}; }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("Timer"));
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
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        if (s.Length == 0)
                        {
                            return 0;
                        }

                        var b = s.ReadByte();
                        s.Dispose();
                        return b;
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", "an early return skips the disposal"));
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
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        s.WriteByte(1);
                        if (flag)
                        {
                            s.Dispose();
                        }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", "it is disposed or handed on only on some branches"));
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
                            var s = {|#0:new FileStream(p, FileMode.Open)|};
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
                            var s = {|#1:new FileStream(paths[i], FileMode.Open)|};
                            if (s.Length == 0)
                            {
                                continue;
                            }

                            s.Close();
                        }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", "a break skips the disposal"),
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(1).WithArguments("s", "the next loop iteration creates a new one while the previous one is still held"));
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
                            s = {|#0:new FileStream(p, FileMode.Open)|};
                            s.WriteByte(1);
                        }

                        s?.Dispose();
                    }

                    void Reassigned(string a, string b)
                    {
                        var s = {|#1:new FileStream(a, FileMode.Open)|};
                        s.WriteByte(1);
                        s = new FileStream(b, FileMode.Open);
                        s.Dispose();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", "the next loop iteration creates a new one while the previous one is still held"),
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(1).WithArguments("s", "the local is reassigned while it still holds the resource"));
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
                        var s = {|#0:File.OpenRead(p)|};
                        var buffer = new byte[10];
                        return await s.ReadAsync(buffer, 0, 10);
                    }

                    void Local(CancellationToken token)
                    {
                        Run();
                        void Run()
                        {
                            var linked = {|#1:CancellationTokenSource.CreateLinkedTokenSource(token)|};
                            linked.Cancel();
                        }
                    }

                    Func<string, long> Lambda() => p =>
                    {
                        var s = {|#2:new FileStream(p, FileMode.Open)|};
                        return s.Length;
                    };

                    StreamReader Make(string p) => new StreamReader(p);

                    string SameCompilationFactory(string p)
                    {
                        var r = {|#3:Make(p)|};
                        return r.ReadLine();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("linked"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(2).WithArguments("s"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(3).WithArguments("r"));
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
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        using var reader = new StreamReader(s, Encoding.UTF8, true, 1024, leaveOpen: true);
                        return reader.ReadToEnd();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s"));
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
                        var r = {|#0:new StreamReader(new BufferedStream(inner))|};
                        return r.ReadToEnd();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("r"));
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
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        Log(s);
                    }
                }
                """,
                new[]
                {
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s"),
                }, editorConfig: "memrules.argument_transfers_ownership = false");
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
                        var a = {|#0:Pool.Rent()|};
                        a.WriteByte(1);
                        var b = {|#1:Pool.Lease()|};
                        b.WriteByte(1);
                    }
                }
                """,
                new[]
                {
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("a"),
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("b"),
                }, editorConfig: "memrules.owned_factory_methods = Pool.Rent");
        }

        [Theory]
        [InlineData("""
            var s = {|#0:new System.IO.FileStream("a", System.IO.FileMode.Open)|};
            s.WriteByte(1);
            """, null)]
        [InlineData("""
            var s = {|#0:new System.IO.FileStream("a", System.IO.FileMode.Open)|};
            if (s.Length == 0) return;
            s.Dispose();
            """, "an early return skips the disposal")]
        [InlineData("""
            var s = {|#0:new System.IO.FileStream("a", System.IO.FileMode.Open)|};
            if (s.Length == 0) s.Dispose();
            """, "it is disposed or handed on only on some branches")]
        [InlineData("""
            var s = {|#0:new System.IO.FileStream("a", System.IO.FileMode.Open)|};
            s = new System.IO.FileStream("b", System.IO.FileMode.Open);
            s.Dispose();
            """, "the local is reassigned while it still holds the resource")]
        public async Task Message_says_which_path(string body, string? path)
        {
            var expected = path == null
                ? Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s")
                : Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", path);
            await Verify.VerifyAnalyzerAsync("class C { void M() { " + body + " } }", expected);
        }
    }
}
