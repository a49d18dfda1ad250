using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>Token subscriptions that are released, handed on, short-lived, or that do not keep this object alive.</summary>
    public class MEM006TokenValidTests
    {
        [Fact]
        public async Task Tokens_disposed_kept_in_a_using_or_handed_to_a_composite_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Collections.Generic;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using System.Reactive.Disposables;

                    public sealed class Watcher : IDisposable
                    {
                        private readonly IDisposable _subscription;
                        private readonly CompositeDisposable _disposables = new CompositeDisposable();
                        private readonly List<IDisposable> _tokens = new List<IDisposable>();
                        private CancellationTokenRegistration _registration;
                        private int _count;

                        public Watcher(IObservable<int> source, CancellationToken stopping)
                        {
                            _subscription = source.Subscribe(v => _count += v);
                            _disposables.Add(source.Subscribe(v => _count -= v));
                            source.Subscribe(v => _count *= v).DisposeWith(_disposables);
                            _tokens.Add(source.Subscribe(v => _count++));
                            _registration = stopping.Register(() => _count = 0);
                        }

                        public async Task WaitAsync(CancellationToken cancellation)
                        {
                            using var registration = cancellation.Register(() => _count = -1);
                            await Task.Delay(10, cancellation);
                        }

                        public IDisposable Follow(IObservable<int> source) => source.Subscribe(v => _count = v);

                        public void Dispose()
                        {
                            _subscription.Dispose();
                            _registration.Dispose();
                            _disposables.Dispose();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Publishers_this_object_owns_or_that_complete_and_handlers_that_do_not_use_it_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Threading;
                    using System.Reactive.Linq;

                    public sealed class Subject : IObservable<int>
                    {
                        public IDisposable Subscribe(IObserver<int> observer) => null!;
                    }

                    public sealed class Owner
                    {
                        private readonly Subject _own = new Subject();
                        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                        private int _count;

                        public Owner(IObservable<int> source, CancellationToken stopping)
                        {
                            _own.Subscribe(v => _count += v);
                            _cts.Token.Register(() => _count = 0);
                            CancellationToken.None.Register(() => _count = 1);
                            source.Take(1).Subscribe(v => _count = v);
                            source.Subscribe(v => Console.WriteLine(v));
                            var total = 0;
                            stopping.Register(() => total++);
                            Observable.Interval(TimeSpan.FromSeconds(1)).Subscribe(_ => _count++);
                            Local().Subscribe(v => _count = v);
                            this.Values.Subscribe(v => _count = v);
                            Attach(source);
                        }

                        public IObservable<int> Values => _own;

                        private void Attach(IObservable<int> source) => source.Subscribe(v => _count = v);

                        private static IObservable<int> Local() => new Subject();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_Subscribe_that_returns_no_token_is_not_a_token_subscription()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                public sealed class Bus { public void Subscribe(Action<string> handler) { } public void Register(object o) { } }
                public sealed class Listener
                {
                    private int _count;
                    public Listener(Bus bus)
                    {
                        bus.Subscribe(m => _count++);
                        bus.Register(this);
                    }
                }
                """);
        }
    }
}
