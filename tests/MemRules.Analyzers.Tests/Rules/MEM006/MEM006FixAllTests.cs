using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>The verifier checks one-by-one, document and project fix-all give the same code.</summary>
    public class MEM006FixAllTests
    {
        [Fact]
        public async Task Several_subscriptions_of_one_type_share_one_field_and_one_Dispose()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;

                public sealed class Source
                {
                    public event EventHandler Changed;
                    public event EventHandler Reset;
                }

                public class Watcher
                {
                    public Watcher(Source source)
                    {
                        [|source.Changed += OnChanged|];
                        [|source.Reset += OnReset|];
                        [|AppDomain.CurrentDomain.ProcessExit += OnChanged|];
                    }

                    private void OnChanged(object sender, EventArgs e) { }

                    private void OnReset(object sender, EventArgs e) { }
                }
                """, """
                using System;

                public sealed class Source
                {
                    public event EventHandler Changed;
                    public event EventHandler Reset;
                }

                public class Watcher : IDisposable
                {
                    private readonly Source _source;

                    public Watcher(Source source)
                    {
                        _source = source;
                        source.Changed += OnChanged;
                        source.Reset += OnReset;
                        AppDomain.CurrentDomain.ProcessExit += OnChanged;
                    }

                    private void OnChanged(object sender, EventArgs e) { }

                    private void OnReset(object sender, EventArgs e) { }

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _source.Changed -= OnChanged;
                            _source.Reset -= OnReset;
                            AppDomain.CurrentDomain.ProcessExit -= OnChanged;
                        }
                    }
                }
                """, numberOfIncrementalIterations: 3);
        }
    }
}
