using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    /// <summary>Correct code and the field patterns of FALSE-POSITIVES.md: no MEM002.</summary>
    public class MEM002ValidTests
    {
        [Fact]
        public async Task Field_assigned_only_from_a_constructor_parameter_is_injected()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public sealed class Reader
                {
                    private readonly Stream _stream;
                    public Reader(Stream stream) { _stream = stream; }
                    public int Next() => _stream.ReadByte();
                }
                """);
        }

        [Fact]
        public async Task Field_assigned_from_another_objects_member_is_not_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public sealed class Options { public Stream Output { get; set; } }
                public sealed class Writer
                {
                    private readonly Stream _output;
                    public Writer(Options options) { _output = options.Output; }
                }
                """);
        }

        [Fact]
        public async Task Field_that_is_sometimes_injected_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                public sealed class Api
                {
                    private readonly HttpClient _client;
                    public Api() : this(new HttpClient()) { }
                    public Api(HttpClient client) { _client = client; }
                }
                public sealed class Api2
                {
                    private readonly HttpClient _client;
                    public Api2() { _client = new HttpClient(); }
                    public Api2(HttpClient client) { _client = client; }
                }
                """);
        }

        [Fact]
        public async Task Static_fields_are_process_lifetime_singletons()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                public sealed class Api
                {
                    private static readonly HttpClient Client = new HttpClient();
                    private static HttpClient s_other;
                    public static void Init() => s_other = new HttpClient();
                }
                """);
        }

        [Fact]
        public async Task Excluded_tasks_and_value_types_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;
                public sealed class Buffering
                {
                    private readonly MemoryStream _buffer = new MemoryStream();
                    private readonly StringWriter _text = new StringWriter();
                    private readonly Task _run = new Task(() => { });
                    private List<int>.Enumerator _enumerator = new List<int>().GetEnumerator();
                }
                """);
        }

        [Fact]
        public async Task Excluded_types_come_from_editorconfig()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                public sealed class Guarded
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                }
                """, editorConfig: "memrules.excluded_types = System.Threading.SemaphoreSlim");
        }

        [Fact]
        public async Task Field_handed_on_is_not_owned_any_more()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                public sealed class Sink { public Stream Target { get; set; } }
                public sealed class Factory
                {
                    private Stream _returned;
                    private Stream _passed;
                    private Stream _stored;
                    private readonly List<Stream> _all = new List<Stream>();
                    public Stream Build() { _returned = File.OpenRead("a"); return _returned; }
                    public void Register() { _passed = File.OpenRead("b"); _all.Add(_passed); }
                    public void Hand(Sink sink) { _stored = File.OpenRead("c"); sink.Target = _stored; }
                }
                """);
        }

        [Fact]
        public async Task Field_exposed_by_a_getter_that_is_handed_on_is_not_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                public class Container { public void Add(Stream s) { } }
                public sealed class Border : Container
                {
                    private Stream _title;
                    public Stream Title => _title;
                    public void Build() { _title = File.OpenRead("a"); Add(Title); }
                }
                """);
        }

        [Fact]
        public async Task Primary_constructor_parameters_captured_as_state_are_injected()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public sealed class Reader(Stream stream)
                {
                    private readonly Stream _stream = stream;
                    public int Next() => _stream.ReadByte() + stream.ReadByte();
                }
                """);
        }

        [Fact]
        public async Task Every_way_of_disposing_counts()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                public sealed class Service : IDisposable, IAsyncDisposable
                {
                    private readonly Stream _direct = File.OpenRead("a");
                    private Stream _conditional = File.OpenRead("b");
                    private readonly object _pattern = new FileStream("c", FileMode.Open) as object;
                    private readonly IDisposable _patternChecked = new FileStream("c", FileMode.Open);
                    private readonly Stream _using = File.OpenRead("d");
                    private readonly List<Stream> _list = new List<Stream>();
                    private Timer _exchanged = new Timer(_ => { });
                    private Timer _copied = new Timer(_ => { });
                    private readonly Stream _helper = File.OpenRead("e");
                    private readonly Stream _async = File.OpenRead("f");
                    private readonly Stream _statichelper = File.OpenRead("g");

                    public void Dispose()
                    {
                        _direct.Dispose();
                        _conditional?.Dispose();
                        if (_patternChecked is Stream s) { s.Dispose(); }
                        using (_using) { }
                        foreach (var item in _list) { item.Dispose(); }
                        Interlocked.Exchange(ref _exchanged, null)?.Dispose();
                        var copy = _copied;
                        _copied = null;
                        copy?.Dispose();
                        Cleanup();
                        SafeDispose(_statichelper);
                    }

                    public async ValueTask DisposeAsync() => await _async.DisposeAsync();

                    private void Cleanup() => _helper.Close();

                    private static void SafeDispose(IDisposable d) => d?.Dispose();
                }
                """);
        }

        [Fact]
        public async Task Dispose_bool_DisposeAsyncCore_and_release_hooks_count()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;
                public class Base : IDisposable
                {
                    public void Dispose() { Dispose(true); CloseTarget(); }
                    protected virtual void Dispose(bool disposing) { }
                    protected virtual void CloseTarget() { }
                }
                public class A : Base
                {
                    private readonly Stream _a = File.OpenRead("a");
                    protected override void Dispose(bool disposing) { if (disposing) { _a.Dispose(); } base.Dispose(disposing); }
                }
                public class B : Base
                {
                    private readonly Stream _b = File.OpenRead("b");
                    protected override void CloseTarget() => _b.Dispose();
                }
                public class C : IAsyncDisposable
                {
                    private readonly Stream _c = File.OpenRead("c");
                    public async ValueTask DisposeAsync() { await DisposeAsyncCore(); GC.SuppressFinalize(this); }
                    protected virtual async ValueTask DisposeAsyncCore() => await _c.DisposeAsync();
                }
                public class D : Stream
                {
                    private readonly Stream _inner = File.OpenRead("d");
                    public override void Close() { _inner.Dispose(); base.Close(); }
                    public override bool CanRead => true;
                    public override bool CanSeek => false;
                    public override bool CanWrite => false;
                    public override long Length => 0;
                    public override long Position { get; set; }
                    public override void Flush() { }
                    public override int Read(byte[] buffer, int offset, int count) => 0;
                    public override long Seek(long offset, SeekOrigin origin) => 0;
                    public override void SetLength(long value) { }
                    public override void Write(byte[] buffer, int offset, int count) { }
                }
                """);
        }

        [Fact]
        public async Task Non_disposable_type_that_releases_the_field_in_a_method_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                public sealed class Poller
                {
                    private Timer _timer;
                    public void Start() => _timer = new Timer(_ => { });
                    public void Stop() { _timer?.Dispose(); _timer = null; }
                }
                """);
        }

        [Fact]
        public async Task Disposing_helper_named_for_disposal_counts()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public static class TimerExtensions { public static bool WaitForDispose(this Timer timer, TimeSpan wait) { timer.Dispose(); return true; } }
                public sealed class Poller : IDisposable
                {
                    private Timer _timer = new Timer(_ => { });
                    public void Dispose()
                    {
                        var current = _timer;
                        _timer = null;
                        current?.WaitForDispose(TimeSpan.FromSeconds(1));
                    }
                }
                """);
        }

        [Fact]
        public async Task Replacing_after_disposing_lazily_or_with_a_null_check_is_fine()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public sealed class Poller : IDisposable
                {
                    private Timer _timer = new Timer(_ => { });
                    private CancellationTokenSource _cts = new CancellationTokenSource();
                    private SemaphoreSlim _gate = new SemaphoreSlim(1);
                    public void Restart() { _timer.Dispose(); _timer = new Timer(_ => { }); }
                    public void Reset() { Stop(); _cts = new CancellationTokenSource(); }
                    public void Ensure() { if (_gate == null) { _gate = new SemaphoreSlim(1); } }
                    public void Lazy() => _gate ??= new SemaphoreSlim(1);
                    private void Stop() => _cts.Dispose();
                    public void Dispose() { _timer.Dispose(); _cts.Dispose(); _gate?.Dispose(); }
                }
                """);
        }

        [Fact]
        public async Task Unresolved_base_types_are_skipped()
        {
            await new Verifiers.CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer>.Test
            {
                TestCode = """
                    using System.IO;
                    public sealed class Sink : IMissing
                    {
                        private readonly Stream _s = File.OpenRead("a");
                    }
                    """,
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            }.RunAsync();
        }
    

        [Fact]
        public async Task Wrapper_created_over_an_injected_resource_is_not_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public sealed class Parser
                {
                    private readonly StreamReader _reader;
                    public Parser(Stream input) { _reader = new StreamReader(input); }
                    public Parser(string text) { _reader = new StreamReader(new MemoryStream()); }
                    public int Next() => _reader.Read();
                }
                """);
        }
    

        [Fact]
        public async Task Client_over_a_handler_the_type_was_given_through_a_field_is_not_owned()
        {
            // Disposing the client would dispose the caller's handler (and break every other client over it).
            await Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                public sealed class Api
                {
                    private readonly HttpMessageHandler _handler;
                    private readonly HttpClient _client;
                    private readonly HttpClient _second;
                    public Api(HttpMessageHandler handler)
                    {
                        _handler = handler;
                        _client = new HttpClient(_handler);
                        _second = new HttpClient(Shared.Handler);
                    }
                    public HttpClient Client => _client;
                }
                public static class Shared { public static HttpMessageHandler Handler = new HttpClientHandler(); }
                """);
        }

        [Fact]
        public async Task Stopping_a_listener_in_Dispose_releases_it()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Sockets;
                public sealed class Server : IDisposable
                {
                    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
                    public void Dispose() => _listener.Stop();
                }
                """);
        }
    

        [Fact]
        public async Task Assignment_used_as_a_value_hands_the_resource_on()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                public sealed class Bar { public Bar(Stream[] items) { } public void Add(Stream s) { } }
                public sealed class Scenario
                {
                    private Stream _first;
                    private Stream _second;
                    public void Setup(Bar bar)
                    {
                        var b = new Bar(new[] { _first = File.OpenRead("a") });
                        bar.Add(_second = File.OpenRead("b"));
                    }
                }
                """);
        }

        [Fact]
        public async Task Disposable_type_that_releases_the_field_in_another_method_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public class Scenario : IDisposable
                {
                    public virtual void Dispose() { }
                }
                public sealed class Demo : Scenario
                {
                    private Timer _timer;
                    public void Run() { _timer = new Timer(_ => { }); }
                    public void Stop() { _timer?.Dispose(); _timer = null; }
                }
                """);
        }
    

        [Fact]
        public async Task Field_in_a_collection_expression_is_handed_on()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                public sealed class Bar { public Bar(List<Stream> items) { } }
                public sealed class Scenario
                {
                    private Stream _len;
                    public Bar Setup()
                    {
                        _len = File.OpenRead("a");
                        return new Bar([_len]);
                    }
                }
                """);
        }

        [Fact]
        public async Task Releasing_a_getter_that_exposes_the_field_releases_it()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                public sealed class Helper : IDisposable
                {
                    private Stream _app;
                    public Stream App => _app;
                    public void Start() => _app = File.OpenRead("a");
                    public void Dispose() => App?.Dispose();
                }
                """);
        }

        [Fact]
        public async Task Released_through_a_getter_in_a_method_the_first_pass_does_not_bind()
        {
            // The first pass binds the stores, the getter, Dispose and what it calls; Finish is found in the second.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                public sealed class Session : IDisposable
                {
                    private Stream _log;
                    public Stream Log => _log;
                    public Session() { _log = File.OpenWrite("log"); }
                    public void Finish() => Log?.Close();
                    public void Dispose() { }
                }
                """);
        }
    }
}
