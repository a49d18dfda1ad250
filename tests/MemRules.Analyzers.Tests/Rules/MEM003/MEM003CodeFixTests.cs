using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM003CleanupOutsideFinallyAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM003ReleaseInFinallyCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM003
{
    public class MEM003CodeFixTests
    {
        [Theory]
        [InlineData(LanguageVersion.CSharp8)]
        [InlineData(LanguageVersion.Latest)]
        public async Task Disposable_becomes_a_using_declaration(LanguageVersion version)
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> M(string path)
                    {
                        var reader = new StreamReader(path);
                        var header = await reader.ReadLineAsync();
                        [|reader.Dispose()|];
                        return header;
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> M(string path)
                    {
                        using var reader = new StreamReader(path);
                        var header = await reader.ReadLineAsync();
                        return header;
                    }
                }
                """, version);
        }

        [Fact]
        public async Task Disposable_below_csharp_8_becomes_a_using_statement()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    string M(string path)
                    {
                        var reader = new StreamReader(path);
                        var header = reader.ReadLine();
                        [|reader.Dispose()|];
                        return header;
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    string M(string path)
                    {
                        using (var reader = new StreamReader(path))
                        {
                            var header = reader.ReadLine();
                            return header;
                        }
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }

        [Fact]
        public async Task Async_disposable_in_an_async_method_becomes_await_using()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task M(string path)
                    {
                        var s = new FileStream(path, FileMode.Open);
                        await s.FlushAsync();
                        await [|s.DisposeAsync()|];
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task M(string path)
                    {
                        await using var s = new FileStream(path, FileMode.Open);
                        await s.FlushAsync();
                    }
                }
                """);
        }

        [Fact]
        public async Task No_fix_when_a_local_declared_between_is_used_after()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Threading;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    int M()
                    {
                        _gate.Wait();
                        int read = Fill();
                        [|_gate.Release()|];
                        return read;
                    }

                    static int Fill() => 1;
                }
                """);
        }

        [Fact]
        public async Task No_fix_when_the_local_is_handed_on_elsewhere()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    Stream M(string p)
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

        [Theory]
        [InlineData(LanguageVersion.CSharp7_3)]
        [InlineData(LanguageVersion.Latest)]
        public async Task Pairs_are_wrapped_in_try_finally_and_fixed_all(LanguageVersion version)
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Buffers;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    async Task<int> M(int n)
                    {
                        await _gate.WaitAsync();
                        var buffer = ArrayPool<byte>.Shared.Rent(n);
                        Fill(buffer);
                        [|ArrayPool<byte>.Shared.Return(buffer)|];
                        await Task.Delay(n);
                        [|_gate.Release()|];
                        return n;
                    }

                    static void Fill(byte[] b) { }
                }
                """, """
                using System.Buffers;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    async Task<int> M(int n)
                    {
                        await _gate.WaitAsync();
                        try
                        {
                            var buffer = ArrayPool<byte>.Shared.Rent(n);
                            try
                            {
                                Fill(buffer);
                            }
                            finally
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                            }

                            await Task.Delay(n);
                        }
                        finally
                        {
                            _gate.Release();
                        }

                        return n;
                    }

                    static void Fill(byte[] b) { }
                }
                """, version, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task A_mid_block_release_becomes_a_using_statement_that_ends_where_it_was()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading;
                class C
                {
                    void M(string p)
                    {
                        var s = File.Open(p, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                        s.WriteByte(1);
                        [|s.Dispose()|];
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
                            s.WriteByte(1);
                        }

                        Thread.Sleep(1000);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_throw_before_the_hand_over_gets_a_release_before_it()
        {
            // A using would dispose the stream that the list keeps: the release goes before each leaking throw.
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void Open(string p, bool strict)
                    {
                        var s = [|File.OpenRead(p)|];
                        if (s.Length == 0)
                        {
                            throw new InvalidDataException("empty");
                        }

                        if (strict && s.Length > 100) throw new InvalidDataException("large");
                        if (_kept.Count > 1000) { _kept.RemoveAt(0); }
                        _kept.Add(s);
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void Open(string p, bool strict)
                    {
                        var s = File.OpenRead(p);
                        if (s.Length == 0)
                        {
                            s.Dispose();
                            throw new InvalidDataException("empty");
                        }

                        if (strict && s.Length > 100)
                        {
                            s.Dispose();
                            throw new InvalidDataException("large");
                        }
                        if (_kept.Count > 1000) { _kept.RemoveAt(0); }
                        _kept.Add(s);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_release_before_a_throw_on_its_own_line_or_in_a_switch_section_adds_no_blank_line()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void Open(string p, int mode)
                    {
                        var s = [|File.OpenRead(p)|];
                        if (s.Length == 0)
                            throw new InvalidDataException("empty");
                        switch (mode)
                        {
                            case 0:
                                break;
                            default:
                                throw new InvalidDataException("mode");
                        }

                        if (_kept.Count > 1000) { _kept.RemoveAt(0); }
                        _kept.Add(s);
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private readonly List<Stream> _kept = new List<Stream>();
                    public void Open(string p, int mode)
                    {
                        var s = File.OpenRead(p);
                        if (s.Length == 0)
                        {
                            s.Dispose();
                            throw new InvalidDataException("empty");
                        }
                        switch (mode)
                        {
                            case 0:
                                break;
                            default:
                                s.Dispose();
                                throw new InvalidDataException("mode");
                        }

                        if (_kept.Count > 1000) { _kept.RemoveAt(0); }
                        _kept.Add(s);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_throw_before_the_end_of_the_block_gets_a_using()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    public long Size(string p)
                    {
                        var s = [|File.OpenRead(p)|];
                        if (s.Length == 0) throw new InvalidDataException("empty");
                        var length = s.Length;
                        s.Dispose();
                        return length;
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    public long Size(string p)
                    {
                        using var s = File.OpenRead(p);
                        if (s.Length == 0) throw new InvalidDataException("empty");
                        var length = s.Length;
                        return length;
                    }
                }
                """);
        }

        [Fact]
        public async Task A_pair_keeps_the_comments_and_blank_lines_around_it()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Buffers;
                class C
                {
                    void M(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);

                        // fill it
                        Fill(buffer);
                        // give it back
                        [|ArrayPool<byte>.Shared.Return(buffer)|];
                        Done();
                    }

                    static void Fill(byte[] b) { }
                    static void Done() { }
                }
                """, """
                using System.Buffers;
                class C
                {
                    void M(int n)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(n);

                        try
                        {
                            // fill it
                            Fill(buffer);
                        }
                        finally
                        {
                            // give it back
                            ArrayPool<byte>.Shared.Return(buffer);
                        }

                        Done();
                    }

                    static void Fill(byte[] b) { }
                    static void Done() { }
                }
                """);
        }

        [Fact]
        public async Task A_try_that_starts_too_late_has_no_fix()
        {
            // Moving the statements between into the try would run the finally for resources they had not yet made.
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    void Copy(string from, string to)
                    {
                        var source = File.OpenRead(from);
                        var target = File.Create(to);
                        try { source.CopyTo(target); }
                        finally { target.Dispose(); [|source.Dispose()|]; }
                    }
                }
                """);
        }
    }
}
