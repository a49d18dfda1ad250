using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    /// <summary>Where no safe fix exists none is offered.</summary>
    public class MEM002NoFixTests
    {
        [Fact]
        public async Task Replaced_field_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Threading;
                public sealed class Poller : IDisposable
                {
                    private Timer _timer = new Timer(_ => { });
                    public void Restart() { _timer = [|new Timer(_ => { })|]; }
                    public void Dispose() => _timer.Dispose();
                }
                """);
        }

        [Fact]
        public async Task Field_type_with_an_explicit_Dispose_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                public sealed class Handle : IDisposable { void IDisposable.Dispose() { } }
                public sealed class Owner
                {
                    private readonly Handle [|_handle|] = new Handle();
                }
                """);
        }

        [Fact]
        public async Task Inherited_Dispose_without_a_virtual_Dispose_bool_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.IO;
                public class Base : IDisposable { public void Dispose() { } }
                public class Derived : Base
                {
                    private readonly Stream [|_stream|] = File.OpenRead("a");
                }
                """);
        }

        [Fact]
        public async Task Async_only_field_in_a_type_with_only_a_synchronous_Dispose_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                public sealed class Connection : IAsyncDisposable
                {
                    public static Connection Open() => new Connection();
                    public ValueTask DisposeAsync() => default;
                }
                public sealed class Client : IDisposable
                {
                    private readonly Connection [|_connection|] = Connection.Open();
                    public void Dispose() { }
                }
                """);
        }

        [Fact]
        public async Task Dispose_in_another_part_of_a_partial_type_gets_no_fix()
        {
            await new Verifiers.CSharpCodeFixVerifier<MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer, MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>.Test
            {
                TestCode = """
                    using System.IO;
                    public sealed partial class Split
                    {
                        private readonly Stream [|_stream|] = File.OpenRead("a");
                    }
                    """,
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        public sealed partial class Split : IDisposable
                        {
                            public void Dispose() { }
                        }
                        """,
                    },
                },
                ExpectNoFix = true,
            }.RunAsync();
        }
    

        [Fact]
        public async Task Type_with_a_Dispose_method_but_no_interface_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.IO;
                public sealed class Loose
                {
                    private readonly Stream [|_stream|] = File.OpenRead("a");
                    public void Dispose(bool now) { }
                }
                """);
        }
    }
}
