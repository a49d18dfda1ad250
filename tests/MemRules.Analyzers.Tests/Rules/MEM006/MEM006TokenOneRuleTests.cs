using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
using Xunit;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>
    /// A dropped subscription token is reported by one rule: MEM006 when the publisher may outlive the
    /// subscriber, and never MEM001, even where the options or an attribute make the subscription method an
    /// owned factory (which alone would make MEM001 report a discarded result).
    /// </summary>
    public class MEM006TokenOneRuleTests
    {
        private const string Code = """
            using System;
            using System.Threading;
            [AttributeUsage(AttributeTargets.Method)] sealed class MustDisposeResourceAttribute : Attribute { }
            public sealed class Feed : IObservable<int>
            {
                [MustDisposeResource] public IDisposable Subscribe(IObserver<int> observer) => new Unsubscriber();
                private sealed class Unsubscriber : IDisposable { public void Dispose() { } }
            }
            public sealed class Reader : IObserver<int>
            {
                private int _count;
                public Reader(Feed feed, CancellationToken stopping)
                {
                    {|#0:feed.Subscribe(this)|};
                    {|#1:stopping.Register(() => _count = -1)|};
                }
                public void OnNext(int value) => _count += value;
                public void OnError(Exception error) { }
                public void OnCompleted() { }
            }
            """;

        private const string Options = "memrules.owned_factory_methods = System.Threading.CancellationToken.Register";

        [Fact]
        public async Task MEM001_leaves_dropped_subscription_tokens_to_MEM006()
        {
            await CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer>.VerifyAnalyzerAsync(
                Code.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty), Options);
        }

        [Fact]
        public async Task MEM006_reports_them()
        {
            await CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer>.VerifyAnalyzerAsync(
                Code,
                new[]
                {
                    CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer>.Diagnostic(Descriptors.MEM006TokenDropped)
                        .WithLocation(0).WithArguments("feed.Subscribe", "Reader"),
                    CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer>.Diagnostic(Descriptors.MEM006TokenDropped)
                        .WithLocation(1).WithArguments("stopping.Register", "Reader"),
                },
                Options);
        }
    }
}
