using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>
    /// A MemoryCache (Microsoft.Extensions.Caching.Memory, matched by name) created without a SizeLimit and
    /// filled with entries that never expire. The tests compile against the .NET reference assemblies only,
    /// so the cache types are minimal look-alikes declared under the real namespaces.
    /// </summary>
    public class MEM005MemoryCacheTests
    {
        internal const string CacheTypes = """
            namespace Microsoft.Extensions.Primitives { public interface IChangeToken { } }
            namespace Microsoft.Extensions.Options
            {
                public interface IOptions<out T> where T : class { T Value { get; } }
                public static class Options { public static IOptions<T> Create<T>(T options) where T : class => null!; }
            }
            namespace Microsoft.Extensions.Caching.Memory
            {
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Options;
                using Microsoft.Extensions.Primitives;
                public enum CacheItemPriority { Low, Normal, High, NeverRemove }
                public interface ICacheEntry : IDisposable
                {
                    object Key { get; }
                    object? Value { get; set; }
                    DateTimeOffset? AbsoluteExpiration { get; set; }
                    TimeSpan? AbsoluteExpirationRelativeToNow { get; set; }
                    TimeSpan? SlidingExpiration { get; set; }
                    long? Size { get; set; }
                    CacheItemPriority Priority { get; set; }
                }
                public interface IMemoryCache : IDisposable
                {
                    bool TryGetValue(object key, out object? value);
                    ICacheEntry CreateEntry(object key);
                    void Remove(object key);
                }
                public class MemoryCacheOptions : IOptions<MemoryCacheOptions>
                {
                    public long? SizeLimit { get; set; }
                    public TimeSpan ExpirationScanFrequency { get; set; }
                    MemoryCacheOptions IOptions<MemoryCacheOptions>.Value => this;
                }
                public class MemoryCacheEntryOptions
                {
                    public DateTimeOffset? AbsoluteExpiration { get; set; }
                    public TimeSpan? AbsoluteExpirationRelativeToNow { get; set; }
                    public TimeSpan? SlidingExpiration { get; set; }
                    public long? Size { get; set; }
                    public CacheItemPriority Priority { get; set; }
                }
                public class MemoryCache : IMemoryCache
                {
                    public MemoryCache(IOptions<MemoryCacheOptions> optionsAccessor) { }
                    public bool TryGetValue(object key, out object? value) { value = null; return false; }
                    public ICacheEntry CreateEntry(object key) => null!;
                    public void Remove(object key) { }
                    public void Compact(double percentage) { }
                    public void Dispose() { }
                }
                public static class CacheExtensions
                {
                    public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value) => value;
                    public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value, TimeSpan absoluteExpirationRelativeToNow) => value;
                    public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value, DateTimeOffset absoluteExpiration) => value;
                    public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value, IChangeToken expirationToken) => value;
                    public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value, MemoryCacheEntryOptions? options) => value;
                    public static TItem? Get<TItem>(this IMemoryCache cache, object key) => default;
                    public static bool TryGetValue<TItem>(this IMemoryCache cache, object key, out TItem? value) { value = default; return false; }
                    public static TItem? GetOrCreate<TItem>(this IMemoryCache cache, object key, Func<ICacheEntry, TItem> factory) => default;
                    public static Task<TItem?> GetOrCreateAsync<TItem>(this IMemoryCache cache, object key, Func<ICacheEntry, Task<TItem>> factory) => Task.FromResult<TItem?>(default);
                }
                public static class CacheEntryExtensions
                {
                    public static ICacheEntry SetSlidingExpiration(this ICacheEntry entry, TimeSpan offset) => entry;
                    public static ICacheEntry SetAbsoluteExpiration(this ICacheEntry entry, TimeSpan relative) => entry;
                    public static ICacheEntry SetSize(this ICacheEntry entry, long size) => entry;
                    public static ICacheEntry SetValue(this ICacheEntry entry, object? value) => entry;
                    public static ICacheEntry SetPriority(this ICacheEntry entry, CacheItemPriority priority) => entry;
                }
                public static class MemoryCacheEntryExtensions
                {
                    public static MemoryCacheEntryOptions SetSlidingExpiration(this MemoryCacheEntryOptions options, TimeSpan offset) => options;
                    public static MemoryCacheEntryOptions SetPriority(this MemoryCacheEntryOptions options, CacheItemPriority priority) => options;
                }
            }

            """;

        private static DiagnosticResult Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor) =>
            Verify.Diagnostic(descriptor).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Fact]
        public async Task A_cache_without_a_size_limit_filled_with_entries_that_never_expire_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(CacheTypes + """
                namespace App
                {
                    using System;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Caching.Memory;
                    using Microsoft.Extensions.Options;

                    public sealed class Profiles
                    {
                        private readonly MemoryCache {|#0:_bySet|} = new MemoryCache(new MemoryCacheOptions());
                        private readonly IMemoryCache {|#1:_byFactory|};
                        private readonly IMemoryCache {|#2:_byEntry|} = new MemoryCache(Options.Create(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.FromMinutes(1) }));
                        private readonly MemoryCache {|#3:_byOptions|} = new MemoryCache(new MemoryCacheOptions());
                        private static readonly MemoryCache {|#4:s_shared|} = new MemoryCache(new MemoryCacheOptions());

                        public Profiles() { _byFactory = new MemoryCache(new MemoryCacheOptions()); }

                        public void Remember(string user, string profile) => _bySet.Set(user, profile);

                        public Task<string?> LoadAsync(string user) => _byFactory.GetOrCreateAsync(user, entry => Task.FromResult(user.ToUpperInvariant()));

                        public void Put(string user, string profile)
                        {
                            using var entry = _byEntry.CreateEntry(user);
                            entry.Value = profile;
                            entry.Priority = CacheItemPriority.High;
                        }

                        public void Keep(string user) => _byOptions.Set(user, user, new MemoryCacheEntryOptions().SetPriority(CacheItemPriority.High));

                        public static string? Shared(string key) => s_shared.GetOrCreate(key, e => { e.SetPriority(CacheItemPriority.Low); return key; });
                    }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCache).WithLocation(0).WithArguments("_bySet", "Remember"),
                Diagnostic(Descriptors.MEM005UnboundedCache).WithLocation(1).WithArguments("_byFactory", "LoadAsync"),
                Diagnostic(Descriptors.MEM005UnboundedCache).WithLocation(2).WithArguments("_byEntry", "Put"),
                Diagnostic(Descriptors.MEM005UnboundedCache).WithLocation(3).WithArguments("_byOptions", "Keep"),
                Diagnostic(Descriptors.MEM005UnboundedCache).WithLocation(4).WithArguments("s_shared", "Shared"));
        }

        [Fact]
        public async Task An_internal_cache_is_reported_at_the_end_of_the_compilation()
        {
            await Verify.VerifyAnalyzerAsync(CacheTypes + """
                namespace App
                {
                    using Microsoft.Extensions.Caching.Memory;
                    internal sealed class Lookup
                    {
                        internal readonly MemoryCache {|#0:Cache|} = new MemoryCache(new MemoryCacheOptions());
                    }
                    internal sealed class Filler
                    {
                        public void Fill(Lookup lookup, string key) => lookup.Cache.Set(key, key);
                    }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedInternalCache).WithLocation(0).WithArguments("Cache", "Fill"));
        }

        [Fact]
        public async Task Size_limits_expirations_removals_and_caches_from_elsewhere_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync(CacheTypes + """
                namespace App
                {
                    using System;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Caching.Memory;
                    using Microsoft.Extensions.Options;
                    using Microsoft.Extensions.Primitives;

                    public sealed class Caches
                    {
                        private readonly MemoryCache _limited = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1024 });
                        private readonly MemoryCache _limitedByOptions = new MemoryCache(Options.Create(new MemoryCacheOptions { SizeLimit = 1024 }));
                        private readonly MemoryCache _configured;
                        private readonly IMemoryCache _injected;
                        private readonly MemoryCache _expiring = new MemoryCache(new MemoryCacheOptions());
                        private readonly MemoryCache _removed = new MemoryCache(new MemoryCacheOptions());
                        private readonly MemoryCache _compacted = new MemoryCache(new MemoryCacheOptions());
                        private readonly MemoryCache _handedOut = new MemoryCache(new MemoryCacheOptions());
                        private readonly MemoryCache _neverFilled = new MemoryCache(new MemoryCacheOptions());

                        public Caches(IOptions<MemoryCacheOptions> options, IMemoryCache injected)
                        {
                            _configured = new MemoryCache(options);
                            _injected = injected;
                        }

                        public void Fill(string key, IChangeToken token, MemoryCacheEntryOptions options)
                        {
                            _limited.Set(key, key);
                            _limitedByOptions.Set(key, key);
                            _configured.Set(key, key);
                            _injected.Set(key, key);
                            _expiring.Set(key, key, TimeSpan.FromMinutes(5));
                            _expiring.Set(key, key, DateTimeOffset.UtcNow.AddHours(1));
                            _expiring.Set(key, key, token);
                            _expiring.Set(key, key, options);
                            _expiring.Set(key, key, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
                            _expiring.Set(key, key, new MemoryCacheEntryOptions().SetSlidingExpiration(TimeSpan.FromMinutes(1)));
                            _expiring.GetOrCreate(key, entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return key; });
                            _expiring.GetOrCreate(key, entry => entry.SetSize(1).SetValue(key));
                            _expiring.GetOrCreate(key, Create);
                            using (var entry = _expiring.CreateEntry(key))
                            {
                                entry.Value = key;
                                entry.SlidingExpiration = TimeSpan.FromSeconds(30);
                            }

                            _removed.Set(key, key);
                            _compacted.Set(key, key);
                            _handedOut.Set(key, key);
                            _neverFilled.TryGetValue(key, out _);
                        }

                        public Task<string> LoadAsync(string key) => _expiring.GetOrCreateAsync(key, async entry =>
                        {
                            entry.SetAbsoluteExpiration(TimeSpan.FromMinutes(10));
                            await Task.Yield();
                            return key;
                        })!;

                        public void Forget(string key) => _removed.Remove(key);

                        public void Trim() => _compacted.Compact(0.25);

                        public IMemoryCache Cache => _handedOut;

                        private static string Create(ICacheEntry entry) => (string)entry.Key;
                    }
                }
                """);
        }

        [Fact]
        public async Task The_cache_finding_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(CacheTypes + """
                namespace App
                {
                    using Microsoft.Extensions.Caching.Memory;
                    public sealed class Profiles
                    {
                        private readonly MemoryCache [|_cache|] = new MemoryCache(new MemoryCacheOptions());
                        public void Remember(string user, string profile) => _cache.Set(user, profile);
                    }
                }
                """);
        }
    }
}
