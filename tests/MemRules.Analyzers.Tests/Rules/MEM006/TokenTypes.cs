namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>
    /// Look-alikes of the subscription APIs that live outside the .NET reference assemblies the tests compile
    /// against (Microsoft.Extensions.Options/Primitives/Configuration, System.Reactive), under their real
    /// namespaces: MemRules matches them by name.
    /// </summary>
    internal static class TokenTypes
    {
        public const string Source = """
            namespace Microsoft.Extensions.Primitives
            {
                using System;
                public interface IChangeToken { bool HasChanged { get; } IDisposable RegisterChangeCallback(Action<object?> callback, object? state); }
                public static class ChangeToken { public static IDisposable OnChange(Func<IChangeToken?> changeTokenProducer, Action changeTokenConsumer) => null!; }
            }
            namespace Microsoft.Extensions.Options
            {
                using System;
                public interface IOptionsMonitor<out TOptions> { TOptions CurrentValue { get; } IDisposable? OnChange(Action<TOptions, string?> listener); }
                public static class OptionsMonitorExtensions { public static IDisposable? OnChange<TOptions>(this IOptionsMonitor<TOptions> monitor, Action<TOptions> listener) => null; }
            }
            namespace Microsoft.Extensions.Configuration
            {
                using Microsoft.Extensions.Primitives;
                public interface IConfiguration { string? this[string key] { get; } IChangeToken GetReloadToken(); }
            }
            namespace System
            {
                public static class ObservableExtensions { public static IDisposable Subscribe<T>(this IObservable<T> source, Action<T> onNext) => null!; }
            }
            namespace System.Reactive.Linq
            {
                using System;
                public static class Observable
                {
                    public static IObservable<T> Where<T>(this IObservable<T> source, Func<T, bool> predicate) => source;
                    public static IObservable<T> Take<T>(this IObservable<T> source, int count) => source;
                    public static IObservable<long> Interval(TimeSpan period) => null!;
                }
            }
            namespace System.Reactive.Disposables
            {
                using System;
                public sealed class CompositeDisposable : IDisposable { public void Add(IDisposable item) { } public void Dispose() { } }
                public static class DisposableMixins { public static T DisposeWith<T>(this T item, CompositeDisposable composite) where T : IDisposable => item; }
            }

            """;
    }
}
