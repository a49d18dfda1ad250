using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM003CleanupOutsideFinallyAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM003ReleaseInFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM003
{
    public class MEM003ValidTests
    {
        [Fact]
        public async Task Released_in_finally_or_by_using_or_with_nothing_between()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void Finally(string p) { var s = new FileStream(p, FileMode.Open); try { s.ReadByte(); } finally { s.Dispose(); } }
                    void Using(string p) { using var s = new FileStream(p, FileMode.Open); s.ReadByte(); }
                    void NothingBetween(string p) { var s = new FileStream(p, FileMode.Open); var n = s.Length; s.Dispose(); }
                    void Catch(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        try { s.ReadByte(); }
                        catch { s.Dispose(); throw; }
                        s.Dispose();
                    }
                    void NotEveryPath(string p, bool b) { var s = new FileStream(p, FileMode.Open); s.ReadByte(); if (b) s.Dispose(); }
                }
                """);
        }

        [Fact]
        public async Task Pairs_in_finally_lock_conditional_or_other_blocks()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Buffers;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    readonly object _sync = new object();

                    void MonitorTry()
                    {
                        bool taken = false;
                        try { Monitor.Enter(_sync, ref taken); Work(); }
                        finally { if (taken) Monitor.Exit(_sync); }
                    }

                    void Lock() { lock (_sync) { Work(); } }

                    async Task SemaphoreFinally()
                    {
                        await _gate.WaitAsync();
                        try { await Task.Delay(1); }
                        finally { _gate.Release(); }
                    }

                    void TryWait()
                    {
                        if (!_gate.Wait(0)) return;
                        Work();
                        _gate.Release();
                    }

                    void EarlyReturnIsNotAnErrorPath(bool b)
                    {
                        _gate.Wait();
                        if (b) return;
                        Work();
                        _gate.Release();
                    }

                    void NothingThrowsBetween(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        buffer[0] = 1;
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    // Held-out triage (a Redis client): GC.KeepAlive cannot throw.
                    void OnlyKeepAliveBetween(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        System.GC.KeepAlive(buffer);
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    void OnlySuppressFinalizeBetween(string p)
                    {
                        var s = new System.IO.FileStream(p, System.IO.FileMode.Open);
                        System.GC.SuppressFinalize(this);
                        s.Dispose();
                    }

                    void OtherReceiver(SemaphoreSlim other)
                    {
                        _gate.Wait();
                        Work();
                        other.Release();
                    }

                    static void Work() { }
                }
                """);
        }

        [Fact]
        public async Task Throws_before_the_creation_after_the_release_caught_or_under_a_releasing_finally()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void BeforeCreation(string p)
                    {
                        if (p.Length == 0) throw new ArgumentException("empty", nameof(p));
                        var s = File.OpenRead(p);
                        _kept.Add(s);
                    }

                    public void AfterHandOver(string p)
                    {
                        var s = File.OpenRead(p);
                        _kept.Add(s);
                        if (_kept.Count > 10) throw new InvalidOperationException();
                    }

                    public void Caught(string p)
                    {
                        var s = File.OpenRead(p);
                        try { if (s.Length == 0) throw new InvalidDataException(); }
                        catch (InvalidDataException) { }
                        _kept.Add(s);
                    }

                    public void UnderUsing(string p)
                    {
                        using var s = File.OpenRead(p);
                        if (s.Length == 0) throw new InvalidDataException();
                    }

                    public void InFinally(string p)
                    {
                        var s = File.OpenRead(p);
                        try { if (s.Length == 0) throw new InvalidDataException(); }
                        finally { s.Dispose(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_try_that_starts_right_after_the_creation_or_a_guarded_call_protects_the_resource()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class C
                {
                    void Immediate(string p)
                    {
                        var s = File.OpenRead(p);
                        try { s.ReadByte(); }
                        finally { s.Dispose(); }
                    }

                    void Guarded(string p)
                    {
                        var s = File.OpenRead(p);
                        try { Console.WriteLine(p); } catch (IOException) { }
                        try { s.ReadByte(); }
                        finally { s.Dispose(); }
                    }

                    void Using(string p)
                    {
                        var s = File.OpenRead(p);
                        using (s) { s.ReadByte(); }
                    }

                    void InsideAnOuterTry(string p)
                    {
                        var s = File.OpenRead(p);
                        try
                        {
                            Console.WriteLine(p);
                            try { s.ReadByte(); }
                            finally { s.Dispose(); }
                        }
                        finally { s.Dispose(); }
                    }

                    void OpenedBeforeTheTry()
                    {
                        // Open acquires the store's handle: when it throws, there is nothing to close.
                        var store = new System.Security.Cryptography.X509Certificates.X509Store();
                        store.Open(System.Security.Cryptography.X509Certificates.OpenFlags.ReadOnly);
                        try { store.Certificates.Clear(); }
                        finally { store.Close(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_pooled_buffer_already_returned_on_an_error_path_is_not_reported()
        {
            // Moving the Return into a finally would return the buffer twice: nothing is reported, so no fix either.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Buffers;
                class C
                {
                    void Catch(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        try { Fill(buffer); }
                        catch { ArrayPool<byte>.Shared.Return(buffer); throw; }
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    void Conditional(int n, bool early)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        if (early) { ArrayPool<byte>.Shared.Return(buffer); }
                        Fill(buffer);
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    static void Fill(byte[] b) { }
                }
                """);
        }

        [Fact]
        public async Task A_pooled_buffer_grown_by_renting_a_bigger_one_is_not_reported()
        {
            // The old buffer is returned before the variable takes the new one: a finally returning `buffer` would
            // return the old one twice if the copy threw in between.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Buffers;
                class C
                {
                    void Grow(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        Fill(buffer);
                        if (buffer.Length < 10)
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(n * 2);
                            Buffer.BlockCopy(buffer, 0, bigger, 0, buffer.Length);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }
                        Fill(buffer);
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    static void Fill(byte[] b) { }
                }
                """);
        }
    }
}
