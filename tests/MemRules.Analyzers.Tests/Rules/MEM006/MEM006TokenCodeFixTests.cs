using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>The fix keeps a dropped token in a field and disposes it in Dispose; tokens made again and again get none.</summary>
    public class MEM006TokenCodeFixTests
    {
        [Fact]
        public async Task Dropped_tokens_are_kept_in_fields_and_disposed_in_a_new_Dispose()
        {
            await Verify.VerifyCodeFixAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Threading;
                    using Microsoft.Extensions.Options;

                    public sealed class Settings
                    {
                        public int Level { get; set; }
                    }

                    public sealed class Watcher
                    {
                        private int _count;

                        public Watcher(IObservable<int> source, CancellationToken stopping, IOptionsMonitor<Settings> monitor)
                        {
                            [|source.Subscribe(value => _count += value)|];
                            _ = [|stopping.Register(() => _count = -1)|];
                            [|monitor.OnChange(settings => _count = settings.Level)|];
                        }
                    }
                }
                """, TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Threading;
                    using Microsoft.Extensions.Options;

                    public sealed class Settings
                    {
                        public int Level { get; set; }
                    }

                    public sealed class Watcher : IDisposable
                    {
                        private int _count;
                        private readonly IDisposable _sourceSubscription;
                        private readonly CancellationTokenRegistration _stoppingRegistration;
                        private readonly IDisposable? _monitorChangeSubscription;

                        public Watcher(IObservable<int> source, CancellationToken stopping, IOptionsMonitor<Settings> monitor)
                        {
                            _sourceSubscription = source.Subscribe(value => _count += value);
                            _stoppingRegistration = stopping.Register(() => _count = -1);
                            _monitorChangeSubscription = monitor.OnChange(settings => _count = settings.Level);
                        }

                        public void Dispose()
                        {
                            _sourceSubscription.Dispose();
                            _stoppingRegistration.Dispose();
                            _monitorChangeSubscription?.Dispose();
                        }
                    }
                }
                """, numberOfIncrementalIterations: 3);
        }

        [Fact]
        public async Task A_token_kept_in_a_field_is_disposed_in_the_existing_Dispose()
        {
            await Verify.VerifyCodeFixAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;

                    public class Consumer : IDisposable
                    {
                        private IDisposable _changes;
                        private int _count;

                        public Consumer(IObservable<int> feed)
                        {
                            _changes = [|feed.Subscribe(v => _count = v)|];
                        }

                        public void Dispose()
                        {
                            _count = 0;
                        }
                    }
                }
                """, TokenTypes.Source + """
                namespace App
                {
                    using System;

                    public class Consumer : IDisposable
                    {
                        private IDisposable _changes;
                        private int _count;

                        public Consumer(IObservable<int> feed)
                        {
                            _changes = feed.Subscribe(v => _count = v);
                        }

                        public void Dispose()
                        {
                            _count = 0;
                            _changes?.Dispose();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Subscriptions_made_again_and_again_get_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Threading;

                    public sealed class Worker
                    {
                        private readonly IObservable<int> _ticks;
                        private IDisposable? _last;
                        private int _count;

                        public Worker(IObservable<int> ticks, CancellationToken stopping)
                        {
                            _ticks = ticks;
                            foreach (var delay in new[] { 1, 2 })
                            {
                                [|stopping.Register(() => _count += delay)|];
                            }
                        }

                        public void Start() => [|_ticks.Subscribe(t => _count += t)|];

                        public void Restart() => _last = [|_ticks.Subscribe(t => _count -= t)|];
                    }
                }
                """);
        }
    }
}
