using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>Subscriptions that return a token: dropped, kept and never disposed, or made again and again.</summary>
    public class MEM006TokenDiagnosticsTests
    {
        [Fact]
        public async Task Tokens_dropped_in_the_constructor_are_reported_for_every_kind_of_subscription()
        {
            await Verify.VerifyAnalyzerAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using System.Diagnostics;
                    using System.Threading;
                    using System.Reactive.Linq;
                    using Microsoft.Extensions.Configuration;
                    using Microsoft.Extensions.Options;
                    using Microsoft.Extensions.Primitives;

                    public sealed class Settings { public int Level { get; set; } }

                    public sealed class Watcher : IObserver<DiagnosticListener>
                    {
                        private readonly IConfiguration _configuration;
                        private int _count;
                        private Settings? _settings;

                        public Watcher(IObservable<int> source, CancellationToken stopping, IOptionsMonitor<Settings> monitor, IConfiguration configuration)
                        {
                            _configuration = configuration;
                            {|#0:source.Subscribe(value => _count += value)|};
                            {|#1:source.Where(v => v > 0).Subscribe(OnValue)|};
                            _ = {|#2:stopping.Register(() => _count = -1)|};
                            {|#3:monitor.OnChange(settings => _settings = settings)|};
                            {|#4:ChangeToken.OnChange(() => _configuration.GetReloadToken(), () => _count++)|};
                            {|#5:_configuration.GetReloadToken().RegisterChangeCallback(_ => _count++, null)|};
                            {|#6:DiagnosticListener.AllListeners.Subscribe(this)|};
                        }

                        private void OnValue(int value) => _count += value;
                        public void OnNext(DiagnosticListener value) { }
                        public void OnError(Exception error) { }
                        public void OnCompleted() { }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(0).WithArguments("source.Subscribe", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(1).WithArguments("source.Where(…).Subscribe", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(2).WithArguments("stopping.Register", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(3).WithArguments("monitor.OnChange", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(4).WithArguments("ChangeToken.OnChange", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(5).WithArguments("_configuration.GetReloadToken(…).RegisterChangeCallback", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(6).WithArguments("DiagnosticListener.AllListeners.Subscribe", "Watcher"));
        }

        [Fact]
        public async Task A_token_kept_in_a_field_that_nothing_disposes_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(TokenTypes.Source + """
                namespace App
                {
                    using System;
                    using Microsoft.Extensions.Options;

                    public sealed class Settings { public int Level { get; set; } }

                    public sealed class Consumer
                    {
                        private readonly IOptionsMonitor<Settings> _monitor;
                        private readonly IDisposable? _changes;
                        private Settings _current;

                        public Consumer(IOptionsMonitor<Settings> monitor)
                        {
                            _monitor = monitor;
                            _current = monitor.CurrentValue;
                            _changes = {|#0:_monitor.OnChange(settings => _current = settings)|};
                        }

                        public int Level => _current.Level;
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006TokenNotDisposed).WithLocation(0).WithArguments("_monitor.OnChange", "Consumer", "_changes"));
        }

        [Fact]
        public async Task Subscriptions_made_again_and_again_say_what_repeats_them()
        {
            await Verify.VerifyAnalyzerAsync(TokenTypes.Source + """
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
                            for (int i = 0; i < 3; i++)
                            {
                                {|#0:stopping.Register(() => _count++)|};
                            }

                            {|#1:ticks.Subscribe(t => {|#2:stopping.Register(() => _count--)|})|};
                        }

                        public void Start() => {|#3:_ticks.Subscribe(t => _count += t)|};

                        public void Restart() { _last = {|#4:_ticks.Subscribe(t => _count -= t)|}; }

                        public void Wait(CancellationToken cancellation) { {|#5:cancellation.Register(() => _count = 0)|}; }
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006TokenRepeated).WithLocation(0).WithArguments("stopping.Register", "Worker", "the loop in 'Worker' repeats"),
                Verify.Diagnostic(Descriptors.MEM006TokenDropped).WithLocation(1).WithArguments("ticks.Subscribe", "Worker"),
                Verify.Diagnostic(Descriptors.MEM006TokenRepeated).WithLocation(2).WithArguments("stopping.Register", "Worker", "the lambda in 'Worker' runs"),
                Verify.Diagnostic(Descriptors.MEM006TokenRepeated).WithLocation(3).WithArguments("_ticks.Subscribe", "Worker", "'Start' runs"),
                Verify.Diagnostic(Descriptors.MEM006TokenRepeated).WithLocation(4).WithArguments("_ticks.Subscribe", "Worker", "'Restart' runs"),
                Verify.Diagnostic(Descriptors.MEM006TokenRepeated).WithLocation(5).WithArguments("cancellation.Register", "Worker", "'Wait' runs"));
        }
    }
}
