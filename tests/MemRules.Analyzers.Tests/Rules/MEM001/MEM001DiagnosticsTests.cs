using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"));
        }

        [Fact]
        public async Task A_resource_a_local_function_returns_to_the_same_block_is_still_analyzed()
        {
            // The block's only creation is returned, but by a local function, to code of the same block: the block is bound.
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        Stream Open() { return new FileStream(p, FileMode.Open); }
                        var s = {|#0:Open()|};
                        return s.ReadByte();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", ""));
        }

        [Fact]
        public async Task A_framework_call_that_returns_an_owned_resource_is_a_candidate_by_its_name_alone()
        {
            // Process.Start is neither a `new` nor named Create/Open: the framework table's names make the block worth binding
            // (found on Terminal.Gui, where the block was bound only because of a `using Process process = new()` beside it).
            await Verify.VerifyAnalyzerAsync("""
                using System.Diagnostics;
                class C
                {
                    void M(string url, bool mac)
                    {
                        if (mac) { {|#0:Process.Start("open", url)|}; }
                        else { {|#1:Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })|}; }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("Process", " (a process handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("Process", " (a process handle)"));
        }

        [Fact]
        public async Task A_common_framework_name_is_a_candidate_where_its_receiver_names_the_type()
        {
            // `Rent` and `Start` alone would bind every body that starts a thread or rents an array; with the type's
            // name in the receiver they make the block a candidate by themselves.
            await Verify.VerifyAnalyzerAsync("""
                using System.Buffers;
                using System.Threading;
                class C
                {
                    int Pooled() { var owner = {|#0:MemoryPool<byte>.Shared.Rent(16)|}; return owner.Memory.Length; }
                    void Run(Thread thread) { thread.Start(); }
                    int Array() { var array = ArrayPool<byte>.Shared.Rent(16); return array.Length; }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("owner", " (a pooled buffer)").WithSeverity(DiagnosticSeverity.Info));
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
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("Timer", " (a timer)"));
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
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", " (a file handle)", "an early return skips the disposal"));
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
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", " (a file handle)", "it is disposed or handed on only on some branches"));
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
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", " (a file handle)", "a break skips the disposal"),
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(1).WithArguments("s", " (a file handle)", "the next loop iteration creates a new one while the previous one is still held"));
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
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", " (a file handle)", "the next loop iteration creates a new one while the previous one is still held"),
                Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(1).WithArguments("s", " (a file handle)", "the local is reassigned while it still holds the resource"));
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
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("linked", " (a linked-token registration)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(2).WithArguments("s", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(3).WithArguments("r", ""));
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
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"));
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
                // Owned (reported), but what it holds is buffers over the caller's stream: managed memory only.
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("r", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info));
        }

        [Fact]
        public async Task Argument_transfer_can_be_turned_off()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                interface ILog { void Log(Stream s); }
                class C
                {
                    void M(string p, ILog log)
                    {
                        // An interface method's code is unknown: by default it is assumed to take the stream.
                        var s = {|#0:new FileStream(p, FileMode.Open)|};
                        log.Log(s);
                    }
                }
                """,
                new[]
                {
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"),
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
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("a", ""),
                    Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("b", ""),
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
                ? Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)")
                : Verify.Diagnostic(Descriptors.MEM001NotOnEveryPath).WithLocation(0).WithArguments("s", " (a file handle)", path);
            await Verify.VerifyAnalyzerAsync("class C { void M() { " + body + " } }", expected);
        }

        [Fact]
        public async Task A_helper_that_only_reads_its_argument_leaves_the_caller_the_owner()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    private static int Peek(Stream s) => s.ReadByte();
                    private int Header(Stream s) { var b = Peek(s); return b < 0 ? 0 : b; }
                    public int Borrowed(string p) { var s = {|#0:new FileStream(p, FileMode.Open)|}; return Peek(s); }
                    public int Twice(string p) { var s = {|#1:new FileStream(p, FileMode.Open)|}; return Header(s); }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("s", " (a file handle)"));
        }

        [Fact]
        public async Task A_framework_method_borrows_what_it_is_given()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Net.Sockets;
                using System.Security.Cryptography;
                class C
                {
                    public void CopiedTo(Stream input, string p) { var output = {|#0:File.Create(p)|}; input.CopyTo(output); }

                    public void Crypto(Stream output)
                    {
                        using var aes = Aes.Create();
                        var transform = {|#1:aes.CreateEncryptor()|}; // CryptoStream never disposes its transform
                        using var crypto = new CryptoStream(output, transform, CryptoStreamMode.Write);
                        crypto.WriteByte(1);
                    }

                    public int Borrows()
                    {
                        var socket = {|#2:new Socket(SocketType.Stream, ProtocolType.Tcp)|}; // NetworkStream does not own it by default
                        using var stream = new NetworkStream(socket);
                        return stream.ReadByte();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("output", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("transform", " (a native crypto transform)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(2).WithArguments("socket", " (a socket)"));
        }

        [Fact]
        public async Task A_callback_that_only_uses_the_resource_leaves_the_owner_responsible()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                class C
                {
                    public void Flush(Action<Exception?> done) => done(null);
                    public void Signals()
                    {
                        var flushed = {|#0:new ManualResetEvent(false)|};
                        Flush(ex => flushed.Set());
                        flushed.WaitOne();
                    }

                    public void LocalFunction()
                    {
                        var flushed = {|#1:new ManualResetEvent(false)|};
                        Flush(Done);
                        flushed.WaitOne();
                        void Done(Exception? ex) => flushed.Set();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("flushed", " (a wait handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("flushed", " (a wait handle)"));
        }

        [Fact]
        public async Task Creations_used_in_place_and_never_stored()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class C
                {
                    private static int Peek(Stream s) => s.ReadByte();
                    public string Receiver(string p) => {|#0:new StreamReader(p)|}.ReadToEnd();
                    public bool Compared(string p) => {|#1:File.OpenRead(p)|}.Length > 0;
                    public int Argument(string p) => Peek({|#2:new FileStream(p, FileMode.Open)|});
                    public bool Stdin() => {|#3:Console.OpenStandardInput()|} == null;
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("StreamReader", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("FileStream", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(2).WithArguments("FileStream", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(3).WithArguments("Stream", " (a standard-stream handle)"));
        }

        [Fact]
        public async Task Each_finding_says_what_it_holds()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Diagnostics;
                using System.IO;
                using System.IO.Compression;
                using System.Security.Cryptography;
                using System.Threading;
                sealed class LogFile : IDisposable
                {
                    private readonly FileStream _file = File.OpenWrite("log.txt");
                    public void Dispose() => _file.Dispose();
                }
                sealed class Journal : IDisposable
                {
                    private readonly LogFile _log = new LogFile();
                    public void Dispose() => _log.Dispose();
                }
                sealed class Counter : IDisposable
                {
                    private readonly List<int> _counts = new List<int>();
                    public void Dispose() => _counts.Clear();
                }
                abstract class ManagedCipher : SymmetricAlgorithm { }
                sealed class XorCipher : ManagedCipher
                {
                    public override ICryptoTransform CreateEncryptor(byte[] key, byte[] iv) => throw new NotSupportedException();
                    public override ICryptoTransform CreateDecryptor(byte[] key, byte[] iv) => throw new NotSupportedException();
                    public override void GenerateKey() { }
                    public override void GenerateIV() { }
                }
                sealed class Content : IDisposable
                {
                    private readonly Stream _stream;
                    public Content(Stream stream) => _stream = stream;
                    public void Dispose() => _stream.Dispose();
                }
                sealed class Archive : IDisposable
                {
                    private readonly Stream _base = File.OpenRead("a.zip");
                    public void Dispose() => _base.Dispose();
                    public int Peek() { var part = {|#13:new Part(this)|}; return part.GetHashCode(); }
                }
                sealed class Part : IDisposable
                {
                    private readonly Archive _archive;
                    private readonly Stream _window;
                    public Part(Archive archive) => _archive = archive;
                    public void Dispose() => _window?.Dispose();
                }
                class C
                {
                    void M(Stream input, CancellationToken token, IDisposable unknown)
                    {
                        var content = {|#11:new Content(input)|}; content.GetHashCode();
                        if (unknown is Stream given) { var over = {|#12:new Content(given)|}; over.GetHashCode(); }
                        var hmac = {|#9:IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, new byte[16])|}; hmac.AppendData(new byte[1]);
                        var cipher = {|#10:new XorCipher()|}; cipher.GenerateKey();
                        var process = {|#0:Process.Start("tool")|}; process.WaitForExit();
                        var timer = {|#1:new Timer(_ => { }, null, 0, 1000)|}; timer.Change(0, 10);
                        var sha = {|#2:SHA256.Create()|}; sha.ComputeHash(input);
                        var zip = {|#3:new GZipStream(input, CompressionMode.Decompress, leaveOpen: true)|}; zip.ReadByte();
                        var linked = {|#4:CancellationTokenSource.CreateLinkedTokenSource(token)|}; linked.Cancel();
                        var journal = {|#5:new Journal()|}; journal.GetHashCode();
                        var counter = {|#6:new Counter()|}; counter.GetHashCode();
                        var plain = {|#7:new CancellationTokenSource()|}; plain.Cancel();
                        var reader = {|#8:new StreamReader(input)|}; reader.ReadLine();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("process", " (a process handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(1).WithArguments("timer", " (a timer)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(2).WithArguments("sha", " (a native hash object)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(3).WithArguments("zip", " (native compression state)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(4).WithArguments("linked", " (a linked-token registration)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(5).WithArguments("journal", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(6).WithArguments("counter", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(7).WithArguments("plain", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                // A reader over the caller's stream holds only its own buffers: the stream is the caller's to release.
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(8).WithArguments("reader", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(9).WithArguments("hmac", " (a native hash object)"),
                // A cipher of the compilation derived from SymmetricAlgorithm holds what it adds: nothing native.
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(10).WithArguments("cipher", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                // A type of the compilation over the caller's stream: what it holds beyond its own state is the caller's.
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(11).WithArguments("content", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(12).WithArguments("over", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info),
                // A part over `this`: the archive's file is the archive's to close.
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(13).WithArguments("part", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info));
        }

        [Fact]
        public async Task The_strict_option_reports_managed_only_findings_at_the_rule_severity()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                class C
                {
                    void M() { var plain = {|#0:new CancellationTokenSource()|}; plain.Cancel(); }
                }
                """,
                new[] { Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("plain", " (managed memory only)") },
                editorConfig: "memrules.severity_by_resource_kind = false");
        }

        [Fact]
        public async Task The_rule_severity_option_sets_every_finding_of_the_rule()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                class C
                {
                    void M() { var plain = {|#0:new CancellationTokenSource()|}; plain.Cancel(); }
                }
                """,
                new[] { Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("plain", " (managed memory only)").WithSeverity(DiagnosticSeverity.Error) },
                editorConfig: "dotnet_diagnostic.MEM001.severity = error");
        }

        [Fact]
        public async Task Resource_whose_derived_stream_stays_in_the_method_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Net.Sockets;
                class C
                {
                    int Peek(string host)
                    {
                        var client = {|#0:new TcpClient(host, 80)|};
                        var stream = client.GetStream();
                        return stream.ReadByte();
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("client", " (a socket)"));
        }

        [Fact]
        public async Task An_algorithm_whose_transform_is_kept_is_still_reported()
        {
            // The transform copies the key and works on its own: keeping it in a field keeps nothing of the algorithm.
            await Verify.VerifyAnalyzerAsync("""
                using System.Security.Cryptography;
                class Encryptor
                {
                    private ICryptoTransform _transform;
                    public Encryptor(byte[] key)
                    {
                        var aes = {|#0:Aes.Create()|};
                        aes.Mode = CipherMode.ECB;
                        _transform = aes.CreateEncryptor(key, new byte[16]);
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("aes", " (a native cipher)"));
        }
    }
}
