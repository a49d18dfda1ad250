using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
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
                        [|r.Dispose()|];
                        return line;
                    }

                    int Conditional(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        var b = s.ReadByte();
                        [|s?.Dispose()|];
                        return b;
                    }

                    int Branches(string p, bool flag)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        if (s.ReadByte() == 0)
                        {
                            [|s.Close()|];
                            return 0;
                        }

                        var b = s.ReadByte();
                        [|s.Dispose()|];
                        return b;
                    }

                    void Loop(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            var s = new FileStream(p, FileMode.Open);
                            s.WriteByte(1);
                            [|s.Dispose()|];
                        }
                    }
                }
                """);
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
                            [|s.Dispose()|];
                            return null;
                        }

                        return s;
                    }
                }
                """);
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
                        [|s.Dispose()|];
                        return b;
                    };

                    void Local()
                    {
                        Run();
                        void Run()
                        {
                            _gate.Wait();
                            Console.WriteLine();
                            [|_gate.Release()|];
                        }
                    }
                }
                """);
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
                        [|ArrayPool<byte>.Shared.Return(buffer)|];
                    }

                    async Task Semaphore()
                    {
                        await _gate.WaitAsync().ConfigureAwait(false);
                        await Task.Delay(1);
                        [|_gate.Release()|];
                    }

                    void SemaphoreSync()
                    {
                        _gate.Wait();
                        Work();
                        [|_gate.Release()|];
                    }

                    void Monitors()
                    {
                        Monitor.Enter(_sync);
                        Work();
                        [|Monitor.Exit(_sync)|];
                    }

                    void ReadLock()
                    {
                        _rw.EnterReadLock();
                        Work();
                        [|_rw.ExitReadLock()|];
                    }

                    void Native()
                    {
                        IntPtr p = Marshal.AllocHGlobal(16);
                        Work();
                        [|Marshal.FreeHGlobal(p)|];
                    }

                    void Pinned(byte[] data)
                    {
                        var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
                        Work();
                        [|handle.Free()|];
                    }

                    static void Fill(byte[] b) { }
                    static void Work() { }
                }
                """);
        }

        [Fact]
        public async Task Message_names_the_resource_and_the_acquisition()
        {
            var diagnostics = await new DiagnosticsOf<MemRules.Analyzers.Rules.MEM003CleanupOutsideFinallyAnalyzer>
            {
                TestCode = """
                    class C
                    {
                        void M(string p)
                        {
                            var reader = new System.IO.StreamReader(p);
                            reader.ReadLine();
                            reader.Dispose();
                        }
                    }
                    """,
            }.GetAsync();
            Assert.Equal(
                "'reader' is released here but not in a finally: an exception thrown after 'new System.IO.StreamReader(p)' skips the release",
                diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
