using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    /// <summary>Correct code, including every pattern of FALSE-POSITIVES.md that concerns locals: no diagnostic.</summary>
    public class MEM001ValidTests
    {
        [Fact]
        public async Task Released_by_using_dispose_close_and_conditional_access()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class C
                {
                    void Using() { using var s = new FileStream("a", FileMode.Open); s.ReadByte(); }
                    void UsingStatement() { using (var s = new FileStream("a", FileMode.Open)) { s.ReadByte(); } }
                    void Dispose() { var s = new FileStream("a", FileMode.Open); s.ReadByte(); s.Dispose(); }
                    void Close() { var s = new FileStream("a", FileMode.Open); s.ReadByte(); s.Close(); }
                    void Conditional(bool b) { var s = b ? null : new FileStream("a", FileMode.Open); FileStream t = new FileStream("b", FileMode.Open); t?.Dispose(); s?.Dispose(); }
                    void NullCheck() { var s = new FileStream("a", FileMode.Open); if (s != null) { s.Dispose(); } }
                    void PatternCheck() { var s = new FileStream("a", FileMode.Open); if (s is IDisposable d) d.Dispose(); }
                    void PropertyPattern() { var s = new FileStream("a", FileMode.Open); if (s is { } y) y.Dispose(); }
                    void UsingExisting() { var s = new FileStream("a", FileMode.Open); using (s) { s.ReadByte(); } }
                    void UsingDiscardName() { var s = new FileStream("a", FileMode.Open); using var _ = s; s.ReadByte(); }
                    void ObjectInitializer() { using var t = new System.Timers.Timer { Interval = 5 }; t.Start(); }
                    void Finally()
                    {
                        var s = new FileStream("a", FileMode.Open);
                        try { s.ReadByte(); }
                        finally { s.Dispose(); }
                    }
                    void LoopFinally(string[] paths)
                    {
                        foreach (var p in paths)
                        {
                            FileStream s = null;
                            try { s = new FileStream(p, FileMode.Open); if (s.Length == 0) continue; s.ReadByte(); }
                            finally { s?.Dispose(); }
                        }
                    }
                    void EveryPath(bool b)
                    {
                        var s = new FileStream("a", FileMode.Open);
                        if (b) { s.Dispose(); return; }
                        s.ReadByte();
                        s.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Await_using_and_configure_await()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task A() { await using var s = new FileStream("a", FileMode.Open); await s.FlushAsync(); }
                    async Task B() { var s = new FileStream("a", FileMode.Open); await using (s.ConfigureAwait(false)) { await s.FlushAsync(); } }
                    async Task D() { var s = new FileStream("a", FileMode.Open); await using var _ = s.ConfigureAwait(false); await s.FlushAsync(); }
                    async Task E() { var s = new FileStream("a", FileMode.Open); await s.FlushAsync(); await s.DisposeAsync().ConfigureAwait(false); }
                    async Task F() { var s = new FileStream("a", FileMode.Open); await s.FlushAsync(); await s.DisposeAsync(); }
                }
                """);
        }

        [Fact]
        public async Task Handed_on_by_return_store_collection_out_and_yield()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    Stream _field;
                    Stream Prop { get; set; }
                    readonly List<Stream> _list = new List<Stream>();
                    readonly Stack<Stream> _stack = new Stack<Stream>();
                    readonly Queue<Stream> _queue = new Queue<Stream>();
                    readonly ConcurrentDictionary<string, Stream> _map = new ConcurrentDictionary<string, Stream>();
                    readonly Dictionary<string, Stream> _dict = new Dictionary<string, Stream>();
                    Stream Returned() { var s = new FileStream("a", FileMode.Open); return s; }
                    Stream Ternary(bool b) { var s = new FileStream("a", FileMode.Open); return b ? s : null; }
                    Stream Coalesce(Stream other) { var s = new FileStream("a", FileMode.Open); return other ?? s; }
                    (Stream, int) Tuple() { var s = new FileStream("a", FileMode.Open); return (s, 1); }
                    Stream Later() { var s = new FileStream("a", FileMode.Open); var t = s; t.ReadByte(); return t; }
                    void Field() { var s = new FileStream("a", FileMode.Open); _field = s; }
                    void Property() { var s = new FileStream("a", FileMode.Open); Prop = s; }
                    void Array(Stream[] all) { var s = new FileStream("a", FileMode.Open); all[0] = s; }
                    void Collections()
                    {
                        var a = new FileStream("a", FileMode.Open); _list.Add(a);
                        var b = new FileStream("b", FileMode.Open); _list.Insert(0, b);
                        var c = new FileStream("c", FileMode.Open); _stack.Push(c);
                        var d = new FileStream("d", FileMode.Open); _queue.Enqueue(d);
                        var e = new FileStream("e", FileMode.Open); _map.TryAdd("e", e);
                        var f = new FileStream("f", FileMode.Open); _map.GetOrAdd("f", f);
                        var g = new FileStream("g", FileMode.Open); _dict["g"] = g;
                    }
                    void Out(out Stream result) { var s = new FileStream("a", FileMode.Open); result = s; }
                    void Ref(ref Stream result) { var s = new FileStream("a", FileMode.Open); result = s; }
                    IEnumerable<Stream> Yield() { var s = new FileStream("a", FileMode.Open); yield return s; }
                    void Passed() { var s = new FileStream("a", FileMode.Open); Register(s); }
                    static readonly List<Stream> s_registered = new List<Stream>();
                    static void Register(Stream s) => s_registered.Add(s);
                }
                """);
        }

        [Fact]
        public async Task Handed_on_through_a_conditional_access()
        {
            // Real code (a UI framework's tests, 84 findings): `parent?.Add(child)` hands the child on.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class Child : IDisposable { public void Dispose() { } }
                class Parent
                {
                    private readonly List<Child> _children = new List<Child>();
                    public void Add(Child c) => _children.Add(c);
                }
                class C
                {
                    void M(object host)
                    {
                        var child = new Child();
                        (host as Parent)?.Add(child);
                    }

                    void N(List<Child>? children)
                    {
                        var child = new Child();
                        children?.Add(child);
                    }
                }
                """);
        }

        [Fact]
        public async Task Wrappers_that_take_ownership()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.IO.Compression;
                using System.Net.Http;
                class C
                {
                    string Reader() { var s = new FileStream("a", FileMode.Open); using var r = new StreamReader(s); return r.ReadToEnd(); }
                    int Binary() { var s = new FileStream("a", FileMode.Open); using var r = new BinaryReader(s); return r.ReadInt32(); }
                    void Zip() { var s = new FileStream("a", FileMode.Create); using var z = new GZipStream(s, CompressionMode.Compress); z.WriteByte(1); }
                    HttpClient Client() { var h = new HttpClientHandler(); return new HttpClient(h); }
                    HttpClient ClientDispose() { var h = new HttpClientHandler(); return new HttpClient(h, disposeHandler: true); }
                }
                """);
        }

        [Fact]
        public async Task Captured_by_a_lambda_or_local_function()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class C
                {
                    Action Lambda() { var s = new FileStream("a", FileMode.Open); return () => s.Dispose(); }
                    Func<long> Local() { var s = new FileStream("a", FileMode.Open); return Length; long Length() => s.Length; }
                }
                """);
        }

        [Fact]
        public async Task Fluent_builders_and_wrapping_extensions()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                sealed class Builder : IDisposable
                {
                    public Builder With(int x) => this;
                    public void Dispose() { }
                }
                static class Extensions
                {
                    public static Stream AsBuffered(this Stream s) => new BufferedStream(s);
                }
                class C
                {
                    Builder Build() { var b = new Builder().With(1).With(2); return b; }
                    Builder Chain() { var b = new Builder(); return b.With(1); }
                    Stream Wrap() { var s = new FileStream("a", FileMode.Open); return s.AsBuffered(); }
                    void Using() { using var b = new Builder().With(1); }
                }
                """);
        }

        [Fact]
        public async Task Not_owned_tasks_excluded_types_and_lookups()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class Cache
                {
                    readonly Stream _shared = Stream.Null;
                    public Stream GetStream() => _shared;
                    public Stream FindStream(string name) => _shared;
                    public Stream Current => _shared;
                }
                class C
                {
                    void Task() { var t = System.Threading.Tasks.Task.Run(() => { }); t.Wait(); var v = new ValueTask(); }
                    void Memory() { var m = new MemoryStream(); m.WriteByte(1); var r = new StringReader("a"); r.Read(); var w = new StringWriter(); w.Write(1); var t = new System.Data.DataTable(); t.Clear(); }
                    string Reader() { var r = new StreamReader(new MemoryStream(new byte[0])); return r.ReadToEnd(); }
                    void Lookups(Cache cache) { var a = cache.GetStream(); a.ReadByte(); var b = cache.FindStream("x"); b.ReadByte(); var c = cache.Current; c.ReadByte(); }
                }
                """);
        }

        [Fact]
        public async Task Hand_made_enumerators_are_not_owned()
        {
            // Found in NLog: a struct IEnumerator<T> created to peek at a template; its Dispose only resets it.
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections;
                using System.Collections.Generic;
                struct Holes : IEnumerator<int>
                {
                    public int Current => 0;
                    object IEnumerator.Current => 0;
                    public bool MoveNext() => false;
                    public void Reset() { }
                    public void Dispose() { }
                }
                class C
                {
                    bool M() { var e = new Holes(); return e.MoveNext(); }
                }
                """);
        }

        [Fact]
        public async Task Tcp_listener_stop_and_discarded_scope_tokens()
        {
            // Found in MQTTnet's and NLog's tests: TcpListener.Stop() closes the socket; a discarded
            // scope token from a method that is not named as a factory is meant to be ignored.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Sockets;
                sealed class Scope : IDisposable { public void Dispose() { } }
                class Factory
                {
                    public IDisposable SuspendLogging() => new Scope();
                }
                class C
                {
                    int Port() { var probe = new TcpListener(IPAddress.Loopback, 0); probe.Start(); var port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop(); return port; }
                    void Suspend(Factory f) { f.SuspendLogging(); }
                }
                """);
        }

        [Fact]
        public async Task Handles_resource_disposal_by_name()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                class HandlesResourceDisposalAttribute : Attribute { }
                static class Owner
                {
                    public static void Adopt([HandlesResourceDisposal] Stream s) { }
                }
                class C
                {
                    void M() { var s = new FileStream("a", FileMode.Open); Owner.Adopt(s); }
                }
                """, editorConfig: "memrules.argument_transfers_ownership = false");
        }

        [Fact]
        public async Task Excluded_types_option_replaces_the_defaults()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                class C
                {
                    void M() { var s = new FileStream("a", FileMode.Open); s.ReadByte(); var m = {|MEM001:new MemoryStream()|}; m.WriteByte(1); }
                }
                """, editorConfig: "memrules.excluded_types = System.IO.FileStream");
        }

        [Fact]
        public async Task Broken_code_does_not_throw()
        {
            await new MemRules.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer>.Test
            {
                TestCode = """
                    using System.IO;
                    class C
                    {
                        void M() { var s = new FileStream("a", FileMode.Open; s.
                        void N() { var t = new FileStream(; if (t is } 
                    }
                    """,
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            }.RunAsync();
        }

        [Fact]
        public async Task Helpers_that_take_ownership_by_what_their_code_does()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                class C
                {
                    private static readonly List<Stream> s_kept = new List<Stream>();
                    private static void Keep(Stream s) { if (s_kept.Count > 100) s_kept.Clear(); s_kept.Add(s); }
                    private static void Close(Stream s) => s.Dispose();
                    private static Stream Pass(Stream s) => s;
                    private static void Forward(Stream s) => Keep(s);
                    private static void Ping(Stream s, int n) { if (n > 0) Pong(s, n - 1); }
                    private static void Pong(Stream s, int n) { if (n > 0) Ping(s, n - 1); }
                    public void Stored(string p) { var s = new FileStream(p, FileMode.Open); Keep(s); }
                    public void Disposed(string p) { var s = new FileStream(p, FileMode.Open); Close(s); }
                    public Stream Returned(string p) { var s = new FileStream(p, FileMode.Open); return Pass(s); }
                    public void Forwarded(string p) { var s = new FileStream(p, FileMode.Open); Forward(s); }
                    // A cycle between summaries is answered as "takes it": nothing is reported on a guess.
                    public void Recursive(string p) { var s = new FileStream(p, FileMode.Open); Ping(s, 3); }
                    public void Virtual(string p, Sink sink) { var s = new FileStream(p, FileMode.Open); sink.Take(s); }
                }
                abstract class Sink { public abstract void Take(Stream s); }
                """);
        }

        [Fact]
        public async Task Framework_methods_known_to_take_ownership()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Concurrent;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    private readonly ConcurrentQueue<Stream> _queue = new ConcurrentQueue<Stream>();
                    public void Exchanged(ref Stream slot, string p) { var s = File.OpenRead(p); Interlocked.Exchange(ref slot, s); }
                    public Task<Stream> FromResult(string p) { var s = File.OpenRead(p); return Task.FromResult<Stream>(s); }
                    public void Queued(string p) { var s = File.OpenRead(p); _queue.Enqueue(s); }
                    public void Console(string p) { var w = new StreamWriter(p); System.Console.SetOut(w); }
                    public void State(string p) { var s = File.OpenRead(p); ThreadPool.QueueUserWorkItem(o => ((Stream)o!).Dispose(), s); }
                    public int Owns()
                    {
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        using var stream = new NetworkStream(socket, ownsSocket: true);
                        return stream.ReadByte();
                    }
                    public void Drain() { while (_queue.TryDequeue(out var s)) s.Dispose(); }

                    // An interface method runs its implementation: an observable keeps its observer.
                    public void Observed(IObservable<int> source) { var observer = new Observer(); source.Subscribe(observer); }
                }
                sealed class Observer : IObserver<int>, IDisposable
                {
                    private readonly Timer _timer = new Timer(_ => { });
                    public void OnNext(int value) { }
                    public void OnError(Exception error) { }
                    public void OnCompleted() => Dispose();
                    public void Dispose() => _timer.Dispose();
                }
                """);
        }

        [Fact]
        public async Task Callbacks_that_take_the_resource_or_outlive_the_method()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                class C
                {
                    private Action? _stored;
                    public void Flush(Action<Exception?> done) => done(null);
                    public void CallbackDisposes()
                    {
                        var flushed = new ManualResetEvent(false);
                        Flush(ex => { flushed.Set(); flushed.Dispose(); });
                    }

                    public Func<bool> Returned()
                    {
                        var flushed = new ManualResetEvent(false);
                        return () => flushed.WaitOne(0);
                    }

                    public void Stored()
                    {
                        var flushed = new ManualResetEvent(false);
                        _stored = () => flushed.Set();
                    }
                }
                """);
        }

        [Fact]
        public async Task Creations_used_in_place_that_are_released_or_handed_on()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                sealed class Builder : IDisposable
                {
                    public Builder With(int x) => this;
                    public void Dispose() { }
                }
                class C
                {
                    public void Disposed(string p) => new FileStream(p, FileMode.Open).Dispose();
                    public StreamReader Wrapped(string p) => new StreamReader(new FileStream(p, FileMode.Open));
                    public Builder Fluent() => new Builder().With(1).With(2);
                    public string Using(string p) { using (var r = new StreamReader(p)) { return r.ReadToEnd(); } }
                }
                """);
        }

        [Fact]
        public async Task Resource_whose_derived_stream_outlives_the_method_lives_as_long_as_it()
        {
            // The NetworkStream owns its socket: disposing the client here would close the stream kept in the field.
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.IO.Compression;
                using System.Net.Security;
                using System.Net.Sockets;
                using System.Threading.Tasks;
                class Channel
                {
                    private Stream _stream;

                    public void Connect(string host)
                    {
                        var client = new TcpClient();
                        client.Connect(host, 1883);
                        var stream = client.GetStream();
                        _stream = stream;
                    }

                    public async Task ConnectSecure(string host)
                    {
                        var client = new TcpClient();
                        await client.ConnectAsync(host, 8883);
                        _stream = await Wrap(client.GetStream());
                    }

                    public static Stream OpenEntry(string path, string name)
                    {
                        var archive = ZipFile.OpenRead(path);
                        return archive.GetEntry(name).Open();
                    }

                    private static Task<Stream> Wrap(Stream inner) => Task.FromResult<Stream>(new SslStream(inner));
                }
                """);
        }
    }
}
