using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("r", " (a file handle)", "r.ReadLineAsync()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("s", " (a file handle)", "s.ReadByte()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(2).WithArguments("s", " (a file handle)", "s.ReadByte()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(3).WithArguments("s", " (a file handle)", "s.ReadByte()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(4).WithArguments("s", " (a file handle)", "s.WriteByte(1)"));
        }

        [Fact]
        public async Task A_try_that_starts_after_a_call_that_can_throw_leaves_the_first_resource_unprotected()
        {
            // The second store opens before the try: if it throws, the first is never closed. The second one itself is covered.
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void Copy(string from, string to)
                    {
                        var source = File.OpenRead(from);
                        var target = File.Create(to);
                        try
                        {
                            source.CopyTo(target);
                        }
                        finally
                        {
                            target.Dispose();
                            {|#0:source.Dispose()|};
                        }
                    }

                    long Measure(string path)
                    {
                        var stream = new FileStream(path, FileMode.Open);
                        stream.Seek(0, SeekOrigin.End);
                        try { return stream.Position; }
                        finally { {|#1:stream.Dispose()|}; }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003TryStartsLate).WithLocation(0).WithArguments("source", " (a file handle)", "File.Create(to)"),
                Verify.Diagnostic(Descriptors.MEM003TryStartsLate).WithLocation(1).WithArguments("stream", " (a file handle)", "stream.Seek(0, SeekOrigin.End)"));
        }

        [Fact]
        public async Task Two_creations_into_one_local_released_once_give_one_finding_saying_the_stronger_kind()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    long Measure(string p, bool onDisk)
                    {
                        Stream content;
                        if (onDisk)
                        {
                            content = new FileStream(p, FileMode.Open);
                        }
                        else
                        {
                            content = new BufferedStream(new MemoryStream());
                        }

                        var length = content.Seek(0, SeekOrigin.End);
                        {|#0:content.Dispose()|};
                        return length;
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("content", " (a file handle)", "content.Seek(0, SeekOrigin.End)"));
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
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("s", " (a file handle)", "s.ReadByte()"));
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
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("s", " (a file handle)", "s.ReadByte()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("_gate", " (a semaphore count)", "Console.WriteLine()"));
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
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("buffer", " (a pooled buffer)", "Fill(buffer)").WithSeverity(DiagnosticSeverity.Info),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(1).WithArguments("_gate", " (a semaphore count)", "await Task.Delay(1)"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(2).WithArguments("_gate", " (a semaphore count)", "Work()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(3).WithArguments("_sync", " (a lock)", "Work()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(4).WithArguments("_rw", " (a lock)", "Work()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(5).WithArguments("p", " (native memory)", "Work()"),
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(6).WithArguments("handle", " (a GC handle)", "Work()"));
        }

        [Fact]
        public async Task Message_names_the_resource_what_it_holds_and_what_can_throw()
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
                Verify.Diagnostic(Descriptors.MEM003CleanupNotInFinally).WithLocation(0).WithArguments("reader", " (a file handle)", "reader.ReadLine()"));
        }

        [Fact]
        public async Task An_explicit_throw_while_the_resource_is_held_leaks_it()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void BeforeHandOver(string p)
                    {
                        var s = {|#0:File.OpenRead(p)|};
                        if (s.Length == 0) throw new InvalidDataException();
                        _kept.Add(s);
                    }

                    public void ThenDisposed(string p)
                    {
                        var s = {|#1:File.OpenRead(p)|};
                        if (s.Length == 0)
                        {
                            throw new InvalidDataException();
                        }

                        s.Dispose();
                    }

                    public Stream Expression(string p, string? name)
                    {
                        var s = {|#2:File.OpenRead(p)|};
                        var n = name ?? throw new System.ArgumentNullException(nameof(name));
                        return s;
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM003ThrowLeaks).WithLocation(0).WithArguments("s", " (a file handle)", 9),
                Verify.Diagnostic(Descriptors.MEM003ThrowLeaks).WithLocation(1).WithArguments("s", " (a file handle)", 18),
                Verify.Diagnostic(Descriptors.MEM003ThrowLeaks).WithLocation(2).WithArguments("s", " (a file handle)", 27));
        }
    }
}
