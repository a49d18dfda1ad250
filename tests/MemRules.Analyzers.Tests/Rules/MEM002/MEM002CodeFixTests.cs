using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    public class MEM002CodeFixTests
    {
        [Fact]
        public async Task Sealed_type_gets_a_plain_Dispose()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;

                public sealed class AuditTrail
                {
                    private readonly StreamWriter [|_log|] = new StreamWriter("audit.log");

                    public void Record(string entry) => _log.WriteLine(entry);
                }
                """, """
                using System;
                using System.IO;

                public sealed class AuditTrail : IDisposable
                {
                    private readonly StreamWriter _log = new StreamWriter("audit.log");

                    public void Record(string entry) => _log.WriteLine(entry);

                    public void Dispose()
                    {
                        _log.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Unsealed_type_gets_the_Dispose_bool_pattern_and_null_conditional_for_fields_without_initializer()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;

                public class Poller
                {
                    private Timer [|_timer|];

                    public Poller() => _timer = new Timer(_ => { }, null, 0, 1000);
                }
                """, """
                using System;
                using System.Threading;

                public class Poller : IDisposable
                {
                    private Timer _timer;

                    public Poller() => _timer = new Timer(_ => { }, null, 0, 1000);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _timer?.Dispose();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Existing_Dispose_gets_the_missing_field()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading;

                public sealed class Service : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private readonly FileStream [|_file|] = File.OpenRead("a");

                    public void Dispose()
                    {
                        _gate.Dispose();
                    }
                }
                """, """
                using System;
                using System.IO;
                using System.Threading;

                public sealed class Service : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private readonly FileStream _file = File.OpenRead("a");

                    public void Dispose()
                    {
                        _gate.Dispose();
                        _file.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Expression_bodied_Dispose_becomes_a_block()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading;

                public sealed class Service : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private readonly FileStream [|_file|] = File.OpenRead("a");

                    public void Dispose() => _gate.Dispose();
                }
                """, """
                using System;
                using System.IO;
                using System.Threading;

                public sealed class Service : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private readonly FileStream _file = File.OpenRead("a");

                    public void Dispose()
                    {
                        _gate.Dispose();
                        _file.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Dispose_bool_gets_the_field_inside_if_disposing_before_the_base_call()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;

                public class Base : IDisposable
                {
                    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                    protected virtual void Dispose(bool disposing) { }
                }

                public class Derived : Base
                {
                    private readonly Stream [|_stream|] = new FileStream("a", FileMode.Open);
                    private bool _disposed;

                    protected override void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _disposed = true;
                        }

                        base.Dispose(disposing);
                    }
                }
                """, """
                using System;
                using System.IO;

                public class Base : IDisposable
                {
                    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                    protected virtual void Dispose(bool disposing) { }
                }

                public class Derived : Base
                {
                    private readonly Stream _stream = new FileStream("a", FileMode.Open);
                    private bool _disposed;

                    protected override void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _disposed = true;
                            _stream.Dispose();
                        }

                        base.Dispose(disposing);
                    }
                }
                """);
        }

        [Fact]
        public async Task Type_that_only_inherits_Dispose_overrides_the_base_Dispose_bool()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;

                public class Base : IDisposable
                {
                    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                    protected virtual void Dispose(bool disposing) { }
                }

                public class Derived : Base
                {
                    private readonly Stream [|_stream|] = new FileStream("a", FileMode.Open);
                }
                """, """
                using System;
                using System.IO;

                public class Base : IDisposable
                {
                    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                    protected virtual void Dispose(bool disposing) { }
                }

                public class Derived : Base
                {
                    private readonly Stream _stream = new FileStream("a", FileMode.Open);

                    protected override void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _stream.Dispose();
                        }

                        base.Dispose(disposing);
                    }
                }
                """);
        }

        [Fact]
        public async Task Only_async_disposable_field_makes_the_type_IAsyncDisposable()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;

                public sealed class Connection : IAsyncDisposable
                {
                    public static Connection Open() => new Connection();
                    public ValueTask DisposeAsync() => default;
                }

                public sealed class Client
                {
                    private readonly Connection [|_connection|] = Connection.Open();
                }
                """, """
                using System;
                using System.Threading.Tasks;

                public sealed class Connection : IAsyncDisposable
                {
                    public static Connection Open() => new Connection();
                    public ValueTask DisposeAsync() => default;
                }

                public sealed class Client : IAsyncDisposable
                {
                    private readonly Connection _connection = Connection.Open();

                    public async ValueTask DisposeAsync()
                    {
                        await _connection.DisposeAsync().ConfigureAwait(false);
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_field_goes_to_an_existing_async_DisposeAsync()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                public sealed class Connection : IAsyncDisposable
                {
                    public static Connection Open() => new Connection();
                    public ValueTask DisposeAsync() => default;
                }

                public sealed class Client : IAsyncDisposable
                {
                    private readonly Stream _stream = File.OpenRead("a");
                    private Connection [|_connection|];

                    public void Connect() => _connection = Connection.Open();

                    public async ValueTask DisposeAsync()
                    {
                        await _stream.DisposeAsync();
                    }
                }
                """, """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                public sealed class Connection : IAsyncDisposable
                {
                    public static Connection Open() => new Connection();
                    public ValueTask DisposeAsync() => default;
                }

                public sealed class Client : IAsyncDisposable
                {
                    private readonly Stream _stream = File.OpenRead("a");
                    private Connection _connection;

                    public void Connect() => _connection = Connection.Open();

                    public async ValueTask DisposeAsync()
                    {
                        await _stream.DisposeAsync();
                        if (_connection != null)
                        {
                            await _connection.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Struct_gets_a_plain_Dispose_and_auto_property_is_disposed()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;

                public struct Holder
                {
                    public Holder(string path) { Stream = File.OpenRead(path); }

                    public Stream [|Stream|] { get; }
                }
                """, """
                using System;
                using System.IO;

                public struct Holder : IDisposable
                {
                    public Holder(string path) { Stream = File.OpenRead(path); }

                    public Stream Stream { get; }

                    public void Dispose()
                    {
                        Stream?.Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Member_opened_outside_constructors_is_closed_in_the_overridden_close_hook_before_the_base_call()
        {
            // The base may reopen the type after closing it: Dispose(bool) would leak one writer per reopen.
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;

                public abstract class Sink : IDisposable
                {
                    public void Dispose() { Dispose(true); }
                    protected virtual void Dispose(bool disposing) { if (disposing) Close(); }
                    public void Close() => CloseSink();
                    protected virtual void OpenSink() { }
                    protected virtual void CloseSink() { }
                }

                public sealed class FileSink : Sink
                {
                    private StreamWriter [|_writer|];

                    protected override void OpenSink()
                    {
                        base.OpenSink();
                        _writer = new StreamWriter("sink.log");
                    }

                    protected override void CloseSink()
                    {
                        _writer?.Flush();
                        base.CloseSink();
                    }
                }
                """, """
                using System;
                using System.IO;

                public abstract class Sink : IDisposable
                {
                    public void Dispose() { Dispose(true); }
                    protected virtual void Dispose(bool disposing) { if (disposing) Close(); }
                    public void Close() => CloseSink();
                    protected virtual void OpenSink() { }
                    protected virtual void CloseSink() { }
                }

                public sealed class FileSink : Sink
                {
                    private StreamWriter _writer;

                    protected override void OpenSink()
                    {
                        base.OpenSink();
                        _writer = new StreamWriter("sink.log");
                    }

                    protected override void CloseSink()
                    {
                        _writer?.Flush();
                        _writer?.Dispose();
                        base.CloseSink();
                    }
                }
                """);
        }

        [Fact]
        public async Task Member_created_in_the_constructor_goes_to_a_hook_named_for_disposal_and_stays_after_a_leading_base_call()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;

                public abstract class Component : IDisposable
                {
                    public void Dispose() => OnDispose();
                    protected virtual void OnDispose() { }
                }

                public sealed class Ticker : Component
                {
                    private readonly Timer [|_timer|] = new Timer(_ => { });

                    protected override void OnDispose() => base.OnDispose();
                }
                """, """
                using System;
                using System.Threading;

                public abstract class Component : IDisposable
                {
                    public void Dispose() => OnDispose();
                    protected virtual void OnDispose() { }
                }

                public sealed class Ticker : Component
                {
                    private readonly Timer _timer = new Timer(_ => { });

                    protected override void OnDispose()
                    {
                        _timer.Dispose();
                        base.OnDispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task Wrapper_told_to_leave_an_injected_stream_open_is_owned_and_disposing_it_keeps_the_stream_open()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Text;

                public sealed class LineReader
                {
                    private readonly StreamReader [|_reader|];

                    public LineReader(Stream input) { _reader = new StreamReader(input, Encoding.UTF8, false, 1024, leaveOpen: true); }

                    public string Next() => _reader.ReadLine();
                }
                """, """
                using System;
                using System.IO;
                using System.Text;

                public sealed class LineReader : IDisposable
                {
                    private readonly StreamReader _reader;

                    public LineReader(Stream input) { _reader = new StreamReader(input, Encoding.UTF8, false, 1024, leaveOpen: true); }

                    public string Next() => _reader.ReadLine();

                    public void Dispose()
                    {
                        _reader?.Dispose();
                    }
                }
                """);
        }
    }
}
