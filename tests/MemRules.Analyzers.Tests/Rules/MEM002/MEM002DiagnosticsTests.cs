using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
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
            var messages = await DiagnosticMessages<MEM002UndisposedFieldAnalyzer>.OfAsync("""
                using System.IO;
                public sealed class AuditTrail
                {
                    private readonly StreamWriter [|_log|] = new StreamWriter("audit.log");
                    public void Record(string entry) => _log.WriteLine(entry);
                }
                """);
            Assert.Equal(new[] { "'AuditTrail' owns '_log' but is not disposable" }, messages);
        }

        [Fact]
        public async Task Dispose_that_misses_the_field_names_the_method()
        {
            var messages = await DiagnosticMessages<MEM002UndisposedFieldAnalyzer>.OfAsync("""
                using System;
                using System.Threading;
                public class C : IDisposable
                {
                    private readonly CancellationTokenSource [|_cts|] = new CancellationTokenSource();
                    public void Dispose() { Dispose(true); }
                    protected virtual void Dispose(bool disposing) { Stop(); }
                    private void Stop() => _cts.Cancel();
                }
                """);
            Assert.Equal(new[] { "'C' owns '_cts' but its Dispose() / Dispose(bool) never disposes it" }, messages);
        }

        [Fact]
        public async Task Inherited_Dispose_is_named_as_such()
        {
            var messages = await DiagnosticMessages<MEM002UndisposedFieldAnalyzer>.OfAsync("""
                using System.IO;
                public class Derived : System.ComponentModel.Component
                {
                    private readonly Stream [|_stream|] = File.OpenRead("a");
                }
                """);
            Assert.Equal(new[] { "'Derived' owns '_stream' but its inherited Dispose() never disposes it" }, messages);
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
                    private HttpClient [|_http|];
                    private Stream [|_file|];
                    private Stream [|_rented|];
                    public void Connect() { _http = new HttpClient(); }
                    public void Open() { _file = File.Open("a", FileMode.Open); }
                    public void Rent() { _rented = Pool.Rent(); }
                }
                """);
        }

        [Fact]
        public async Task Auto_property_and_struct_fields_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;
                public class Holder
                {
                    public Stream [|Stream|] { get; } = File.OpenRead("a");
                    public Stream Computed => File.OpenRead("b");
                }
                public struct Lease
                {
                    private readonly SemaphoreSlim [|_gate|];
                    public Lease(int n) { _gate = new SemaphoreSlim(n); }
                }
                """);
        }

        [Fact]
        public async Task Field_replaced_without_disposing_the_previous_value_has_its_own_message()
        {
            var messages = await DiagnosticMessages<MEM002UndisposedFieldAnalyzer>.OfAsync("""
                using System;
                using System.Threading;
                public sealed class Poller : IDisposable
                {
                    private Timer _timer = new Timer(_ => { });
                    public void Restart() { _timer = [|new Timer(_ => { })|]; }
                    public void Dispose() => _timer.Dispose();
                }
                """);
            Assert.Equal(new[] { "'_timer' is replaced with a new resource while the previous one is not disposed" }, messages);
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
