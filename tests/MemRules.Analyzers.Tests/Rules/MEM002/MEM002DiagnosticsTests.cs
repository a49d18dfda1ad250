using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    public class MEM002DiagnosticsTests
    {
        [Fact]
        public async Task Type_that_is_not_disposable_is_reported_at_the_field_with_its_own_message()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public sealed class AuditTrail
                {
                    private readonly StreamWriter {|#0:_log|} = new StreamWriter("audit.log");
                    public void Record(string entry) => _log.WriteLine(entry);
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(0).WithArguments("AuditTrail", "_log", " (a file handle)"));
        }

        [Fact]
        public async Task Dispose_that_misses_the_field_names_the_method()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public class C : IDisposable
                {
                    private readonly CancellationTokenSource {|#0:_cts|} = new CancellationTokenSource();
                    public void Dispose() { Dispose(true); }
                    protected virtual void Dispose(bool disposing) { Stop(); }
                    private void Stop() => _cts.Cancel();
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002FieldNotDisposed).WithLocation(0).WithArguments("C", "_cts", " (managed memory only)", "Dispose() / Dispose(bool)").WithSeverity(DiagnosticSeverity.Info));
        }

        [Fact]
        public async Task Inherited_Dispose_is_named_as_such()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                public class Derived : System.ComponentModel.Component
                {
                    private readonly Stream {|#0:_stream|} = File.OpenRead("a");
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002FieldNotDisposed).WithLocation(0).WithArguments("Derived", "_stream", " (a file handle)", "inherited Dispose()"));
        }

        [Fact]
        public async Task Overridden_close_hook_is_named_as_where_the_disposal_belongs()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                public abstract class Target : IDisposable
                {
                    public void Dispose() => CloseTarget();
                    protected virtual void InitializeTarget() { }
                    protected virtual void CloseTarget() { }
                }
                public sealed class FileTarget : Target
                {
                    private Stream {|#0:_file|};
                    protected override void InitializeTarget() => _file = File.OpenWrite("log.txt");
                    protected override void CloseTarget() => _file?.Flush();
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002FieldNotDisposed).WithLocation(0).WithArguments("FileTarget", "_file", " (a file handle)", "CloseTarget()"));
        }

        [Fact]
        public async Task Field_created_in_a_method_factory_or_attributed_factory_is_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Net.Http;
                [AttributeUsage(AttributeTargets.Method)] sealed class MustDisposeResourceAttribute : Attribute { }
                public static class Pool { [MustDisposeResource] public static Stream Rent() => File.OpenRead("x"); }
                public sealed class Client
                {
                    private HttpClient {|#0:_http|};
                    private Stream {|#1:_file|};
                    private Stream {|#2:_rented|};
                    public void Connect() { _http = new HttpClient(); }
                    public void Open() { _file = File.Open("a", FileMode.Open); }
                    public void Rent() { _rented = Pool.Rent(); }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(0).WithArguments("Client", "_http", " (a connection pool)"),
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(1).WithArguments("Client", "_file", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(2).WithArguments("Client", "_rented", ""));
        }

        [Fact]
        public async Task Auto_property_and_struct_fields_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;
                public class Holder
                {
                    public Stream {|#0:Stream|} { get; } = File.OpenRead("a");
                    public Stream Computed => File.OpenRead("b");
                }
                public struct Lease
                {
                    private readonly SemaphoreSlim {|#1:_gate|};
                    public Lease(int n) { _gate = new SemaphoreSlim(n); }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(0).WithArguments("Holder", "Stream", " (a file handle)"),
                Verify.Diagnostic(Descriptors.MEM002TypeNotDisposable).WithLocation(1).WithArguments("Lease", "_gate", " (managed memory only)").WithSeverity(DiagnosticSeverity.Info));
        }

        [Fact]
        public async Task Field_replaced_without_disposing_the_previous_value_has_its_own_message()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public sealed class Poller : IDisposable
                {
                    private Timer _timer = new Timer(_ => { });
                    public void Restart() { _timer = {|#0:new Timer(_ => { })|}; }
                    public void Dispose() => _timer.Dispose();
                }
                """,
                Verify.Diagnostic(Descriptors.MEM002FieldReplaced).WithLocation(0).WithArguments("_timer", " (a timer)"));
        }

        [Fact]
        public async Task Field_created_in_a_method_is_not_reported_as_replaced()
        {
            // Only a field that already holds a resource from an initializer or constructor is "replaced".
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                public sealed class Poller : IDisposable
                {
                    private Timer _timer;
                    public void Start() { _timer = new Timer(_ => { }); }
                    public void Dispose() => _timer?.Dispose();
                }
                """);
        }
    }
}
