using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM003CleanupOutsideFinallyAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM003ReleaseInFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM003
{
    public class MEM003DiagnosticsTests
    {
        [Fact]
        public async Task Dispose_after_a_call_that_can_throw()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> Async(string p)
                    {
                        var r = new StreamReader(p);
                        var line = await r.ReadLineAsync();
                        {|#0:r.Dispose()|};
                        return line;
                    }

                    int Conditional(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        var b = s.ReadByte();
                        {|#1:s?.Dispose()|};
                        return b;
                    }

                    int Branches(string p, bool flag)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        if (s.ReadByte() == 0)
                        {
                            {|#2:s.Close()|};
                            return 0;
                        }

                        var b = s.ReadByte();
                        {|#3:s.Dispose()|};
                        return b;
                    }

                    void Loop(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            var s = new FileStream(p, FileMode.Open);
                            s.WriteByte(1);
                            {|#4:s.Dispose()|};
                        }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("r", "new StreamReader(p)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("s", "new FileStream(p, FileMode.Open)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(2).WithArguments("s", "new FileStream(p, FileMode.Open)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(3).WithArguments("s", "new FileStream(p, FileMode.Open)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(4).WithArguments("s", "new FileStream(p, FileMode.Open)"));
        }

        [Fact]
        public async Task Handed_on_or_disposed_on_each_path_after_a_throwing_call()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    Stream OpenChecked(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        if (s.ReadByte() != 42)
                        {
                            {|#0:s.Dispose()|};
                            return null;
                        }

                        return s;
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("s", "new FileStream(p, FileMode.Open)"));
        }

        [Fact]
        public async Task In_lambdas_and_local_functions()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    Func<string, int> Lambda() => p =>
                    {
                        var s = new FileStream(p, FileMode.Open);
                        var b = s.ReadByte();
                        {|#0:s.Dispose()|};
                        return b;
                    };

                    void Local()
                    {
                        Run();
                        void Run()
                        {
                            _gate.Wait();
                            Console.WriteLine();
                            {|#1:_gate.Release()|};
                        }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("s", "new FileStream(p, FileMode.Open)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("_gate", "_gate.Wait()"));
        }

        [Fact]
        public async Task Paired_apis()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Buffers;
                using System.Runtime.InteropServices;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    readonly object _sync = new object();
                    readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

                    void Pool(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        Fill(buffer);
                        {|#0:ArrayPool<byte>.Shared.Return(buffer)|};
                    }

                    async Task Semaphore()
                    {
                        await _gate.WaitAsync().ConfigureAwait(false);
                        await Task.Delay(1);
                        {|#1:_gate.Release()|};
                    }

                    void SemaphoreSync()
                    {
                        _gate.Wait();
                        Work();
                        {|#2:_gate.Release()|};
                    }

                    void Monitors()
                    {
                        Monitor.Enter(_sync);
                        Work();
                        {|#3:Monitor.Exit(_sync)|};
                    }

                    void ReadLock()
                    {
                        _rw.EnterReadLock();
                        Work();
                        {|#4:_rw.ExitReadLock()|};
                    }

                    void Native()
                    {
                        IntPtr p = Marshal.AllocHGlobal(16);
                        Work();
                        {|#5:Marshal.FreeHGlobal(p)|};
                    }

                    void Pinned(byte[] data)
                    {
                        var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
                        Work();
                        {|#6:handle.Free()|};
                    }

                    static void Fill(byte[] b) { }
                    static void Work() { }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("buffer", "ArrayPool<byte>.Shared.Rent(n)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("_gate", "_gate.WaitAsync()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(2).WithArguments("_gate", "_gate.Wait()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(3).WithArguments("_sync", "Monitor.Enter(_sync)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(4).WithArguments("_rw", "_rw.EnterReadLock()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(5).WithArguments("p", "Marshal.AllocHGlobal(16)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(6).WithArguments("handle", "GCHandle.Alloc(data, GCHandleType.Pinned)"));
        }

        [Fact]
        public async Task Message_names_the_resource_and_the_acquisition()
        {
            await Verify.VerifyAnalyzerAsync("""
                class C
                {
                    void M(string p)
                    {
                        var reader = new System.IO.StreamReader(p);
                        reader.ReadLine();
                        {|#0:reader.Dispose()|};
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("reader", "new System.IO.StreamReader(p)"));
        }
    }
}
