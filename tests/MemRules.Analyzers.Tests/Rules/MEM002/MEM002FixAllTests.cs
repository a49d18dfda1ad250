using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM002
{
    /// <summary>The verifier checks one-by-one, document and project fix-all give the same code: one coherent Dispose per type.</summary>
    public class MEM002FixAllTests
    {
        [Fact]
        public async Task Several_fields_of_one_type_give_one_Dispose()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Net.Http;
                using System.Threading;

                public class Worker
                {
                    private readonly HttpClient [|_client|] = new HttpClient();
                    private readonly SemaphoreSlim [|_gate|] = new SemaphoreSlim(1);
                    private CancellationTokenSource [|_cts|];

                    public void Start() => _cts ??= new CancellationTokenSource();
                }
                """, """
                using System;
                using System.IO;
                using System.Net.Http;
                using System.Threading;

                public class Worker : IDisposable
                {
                    private readonly HttpClient _client = new HttpClient();
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private CancellationTokenSource _cts;

                    public void Start() => _cts ??= new CancellationTokenSource();

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _client.Dispose();
                            _gate.Dispose();
                            _cts?.Dispose();
                        }
                    }
                }
                """, numberOfIncrementalIterations: 3);
        }

        [Fact]
        public async Task Several_types_in_one_document_each_get_their_own_Dispose()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;

                public sealed class A
                {
                    private readonly Stream [|_a|] = File.OpenRead("a");
                    private readonly Stream [|_b|] = File.OpenRead("b");

                    public sealed class Nested
                    {
                        private readonly Stream [|_c|] = File.OpenRead("c");
                    }
                }

                public sealed class B : IDisposable
                {
                    private readonly Stream [|_d|] = File.OpenRead("d");
                    private readonly Stream [|_e|] = File.OpenRead("e");

                    public void Dispose()
                    {
                    }
                }
                """, """
                using System;
                using System.IO;

                public sealed class A : IDisposable
                {
                    private readonly Stream _a = File.OpenRead("a");
                    private readonly Stream _b = File.OpenRead("b");

                    public sealed class Nested : IDisposable
                    {
                        private readonly Stream _c = File.OpenRead("c");

                        public void Dispose()
                        {
                            _c.Dispose();
                        }
                    }

                    public void Dispose()
                    {
                        _a.Dispose();
                        _b.Dispose();
                    }
                }

                public sealed class B : IDisposable
                {
                    private readonly Stream _d = File.OpenRead("d");
                    private readonly Stream _e = File.OpenRead("e");

                    public void Dispose()
                    {
                        _d.Dispose();
                        _e.Dispose();
                    }
                }
                """, numberOfIncrementalIterations: 5);
        }
    }
}
