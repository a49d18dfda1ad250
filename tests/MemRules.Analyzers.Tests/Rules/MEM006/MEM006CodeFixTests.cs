using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    public class MEM006CodeFixTests
    {
        private const string Source = """
            using System;

            public sealed class SettingsSource
            {
                public event EventHandler Changed;
                public event EventHandler Reset;
                public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
            }
            """;

        [Fact]
        public async Task Constructor_parameter_publisher_is_kept_in_a_field_and_unsubscribed_in_a_new_Dispose()
        {
            await Verify.VerifyCodeFixAsync(Source + """

                public sealed class SettingsWatcher
                {
                    private int _version;

                    public SettingsWatcher(SettingsSource source)
                    {
                        [|source.Changed += OnChanged|];
                    }

                    private void OnChanged(object sender, EventArgs e) => _version++;
                }
                """, Source + """

                public sealed class SettingsWatcher : IDisposable
                {
                    private int _version;
                    private readonly SettingsSource _source;

                    public SettingsWatcher(SettingsSource source)
                    {
                        _source = source;
                        source.Changed += OnChanged;
                    }

                    private void OnChanged(object sender, EventArgs e) => _version++;

                    public void Dispose()
                    {
                        _source.Changed -= OnChanged;
                    }
                }
                """);
        }

        [Fact]
        public async Task Field_the_constructor_already_fills_is_reused()
        {
            await Verify.VerifyCodeFixAsync(Source + """

                public sealed class SettingsWatcher
                {
                    private readonly SettingsSource _settings;
                    private int _version;

                    public SettingsWatcher(SettingsSource source)
                    {
                        _settings = source;
                        [|source.Changed += OnChanged|];
                    }

                    private void OnChanged(object sender, EventArgs e) => _version++;
                }
                """, Source + """

                public sealed class SettingsWatcher : IDisposable
                {
                    private readonly SettingsSource _settings;
                    private int _version;

                    public SettingsWatcher(SettingsSource source)
                    {
                        _settings = source;
                        source.Changed += OnChanged;
                    }

                    private void OnChanged(object sender, EventArgs e) => _version++;

                    public void Dispose()
                    {
                        _settings.Changed -= OnChanged;
                    }
                }
                """);
        }

        [Fact]
        public async Task Static_event_is_unsubscribed_in_the_existing_Dispose_bool()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;

                public class Watcher : IDisposable
                {
                    public Watcher()
                    {
                        [|AppDomain.CurrentDomain.ProcessExit += OnExit|];
                    }

                    private void OnExit(object sender, EventArgs e) { }

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                    }
                }
                """, """
                using System;

                public class Watcher : IDisposable
                {
                    public Watcher()
                    {
                        AppDomain.CurrentDomain.ProcessExit += OnExit;
                    }

                    private void OnExit(object sender, EventArgs e) { }

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            AppDomain.CurrentDomain.ProcessExit -= OnExit;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Lambda_in_the_constructor_is_kept_in_a_field()
        {
            await Verify.VerifyCodeFixAsync(Source + """

                public sealed class SettingsWatcher
                {
                    private int _version;

                    public SettingsWatcher(SettingsSource source)
                    {
                        {|MEM006:source.Changed += (s, e) => _version++|};
                    }
                }
                """, Source + """

                public sealed class SettingsWatcher : IDisposable
                {
                    private int _version;
                    private readonly SettingsSource _source;
                    private readonly EventHandler _changedHandler;

                    public SettingsWatcher(SettingsSource source)
                    {
                        _source = source;
                        _changedHandler = (s, e) => _version++;
                        source.Changed += _changedHandler;
                    }

                    public void Dispose()
                    {
                        _source.Changed -= _changedHandler;
                    }
                }
                """);
        }

        [Fact]
        public async Task Injected_field_that_may_be_null_is_checked_first()
        {
            await Verify.VerifyCodeFixAsync(Source + """

                public sealed class Watcher : IDisposable
                {
                    private SettingsSource _source;

                    public void Attach(SettingsSource source)
                    {
                        _source = source;
                        [|_source.Changed += OnChanged|];
                    }

                    private void OnChanged(object sender, EventArgs e) { }

                    public void Dispose()
                    {
                    }
                }
                """, Source + """

                public sealed class Watcher : IDisposable
                {
                    private SettingsSource _source;

                    public void Attach(SettingsSource source)
                    {
                        _source = source;
                        _source.Changed += OnChanged;
                    }

                    private void OnChanged(object sender, EventArgs e) { }

                    public void Dispose()
                    {
                        if (_source != null)
                        {
                            _source.Changed -= OnChanged;
                        }
                    }
                }
                """);
        }
    }
}
