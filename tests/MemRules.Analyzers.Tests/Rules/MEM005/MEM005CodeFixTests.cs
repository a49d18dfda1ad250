using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>The fix adds a Max…Count constant and an eviction before each growth call; the verifier also checks fix-all.</summary>
    public class MEM005CodeFixTests
    {
        [Fact]
        public async Task Expression_bodied_list_growth_becomes_a_block_with_oldest_first_eviction()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;

                public sealed class ConversationHistory
                {
                    private readonly List<string> [|_history|] = new List<string>();

                    public void AddMessage(string message) => _history.Add(message);

                    public int Turns => _history.Count;
                }
                """, """
                using System.Collections.Generic;

                public sealed class ConversationHistory
                {
                    private const int MaxHistoryCount = 1000;
                    private readonly List<string> _history = new List<string>();

                    public void AddMessage(string message)
                    {
                        if (_history.Count >= MaxHistoryCount)
                        {
                            _history.RemoveAt(0);
                        }

                        _history.Add(message);
                    }

                    public int Turns => _history.Count;
                }
                """);
        }

        [Fact]
        public async Task Queues_and_linked_lists_evict_the_oldest_entry()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                class C
                {
                    private readonly Queue<int> [|_queue|] = new Queue<int>();
                    private readonly ConcurrentQueue<int> [|_concurrent|] = new ConcurrentQueue<int>();
                    private readonly LinkedList<int> [|m_recent|] = new LinkedList<int>();

                    public void Post(int x) => _queue.Enqueue(x);

                    public void Publish(int x) => _concurrent.Enqueue(x);

                    public void Touch(int x)
                    {
                        m_recent.AddLast(x);
                    }

                    public int[] Snapshot() => _queue.ToArray();
                }
                """, """
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                class C
                {
                    private const int MaxQueueCount = 1000;
                    private readonly Queue<int> _queue = new Queue<int>();
                    private const int MaxConcurrentCount = 1000;
                    private readonly ConcurrentQueue<int> _concurrent = new ConcurrentQueue<int>();
                    private const int MaxRecentCount = 1000;
                    private readonly LinkedList<int> m_recent = new LinkedList<int>();

                    public void Post(int x)
                    {
                        if (_queue.Count >= MaxQueueCount)
                        {
                            _queue.Dequeue();
                        }

                        _queue.Enqueue(x);
                    }

                    public void Publish(int x)
                    {
                        if (_concurrent.Count >= MaxConcurrentCount)
                        {
                            _concurrent.TryDequeue(out _);
                        }

                        _concurrent.Enqueue(x);
                    }

                    public void Touch(int x)
                    {
                        if (m_recent.Count >= MaxRecentCount)
                        {
                            m_recent.RemoveFirst();
                        }

                        m_recent.AddLast(x);
                    }

                    public int[] Snapshot() => _queue.ToArray();
                }
                """, LanguageVersion.CSharp7_3, numberOfIncrementalIterations: 3);
        }

        [Fact]
        public async Task Dictionaries_sets_and_stacks_are_cleared_when_full()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                class Cache
                {
                    private static readonly Dictionary<string, string> [|s_cache|] = new Dictionary<string, string>();
                    private readonly ConcurrentDictionary<string, int> [|_lengths|] = new ConcurrentDictionary<string, int>();
                    private readonly HashSet<string> [|_seen|] = new HashSet<string>();
                    private readonly Stack<string> [|_stack|] = new Stack<string>();
                    private readonly ConcurrentBag<string> [|_bag|] = new ConcurrentBag<string>();

                    public static void Set(string key, string value) => s_cache[key] = value;

                    public int Length(string key) => _lengths.GetOrAdd(key, k => k.Length);

                    public void See(string key) => _seen.Add(key);

                    public void Push(string key) => _stack.Push(key);

                    public void Drop(string key) => _bag.Add(key);

                    public string Seen() => string.Join(",", _seen) + _stack.Peek() + _bag.Count;
                }
                """, """
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                class Cache
                {
                    private const int MaxCacheCount = 1000;
                    private static readonly Dictionary<string, string> s_cache = new Dictionary<string, string>();
                    private const int MaxLengthsCount = 1000;
                    private readonly ConcurrentDictionary<string, int> _lengths = new ConcurrentDictionary<string, int>();
                    private const int MaxSeenCount = 1000;
                    private readonly HashSet<string> _seen = new HashSet<string>();
                    private const int MaxStackCount = 1000;
                    private readonly Stack<string> _stack = new Stack<string>();
                    private const int MaxBagCount = 1000;
                    private readonly ConcurrentBag<string> _bag = new ConcurrentBag<string>();

                    public static void Set(string key, string value)
                    {
                        if (s_cache.Count >= MaxCacheCount)
                        {
                            s_cache.Clear();
                        }

                        s_cache[key] = value;
                    }

                    public int Length(string key)
                    {
                        if (_lengths.Count >= MaxLengthsCount)
                        {
                            _lengths.Clear();
                        }

                        return _lengths.GetOrAdd(key, k => k.Length);
                    }

                    public void See(string key)
                    {
                        if (_seen.Count >= MaxSeenCount)
                        {
                            _seen.Clear();
                        }

                        _seen.Add(key);
                    }

                    public void Push(string key)
                    {
                        if (_stack.Count >= MaxStackCount)
                        {
                            _stack.Clear();
                        }

                        _stack.Push(key);
                    }

                    public void Drop(string key)
                    {
                        if (_bag.Count >= MaxBagCount)
                        {
                            _bag.TryTake(out _);
                        }

                        _bag.Add(key);
                    }

                    public string Seen() => string.Join(",", _seen) + _stack.Peek() + _bag.Count;
                }
                """, numberOfIncrementalIterations: 5);
        }

        [Fact]
        public async Task Several_growth_calls_share_one_constant_and_the_capacity_option_is_used()
        {
            await new CSharpCodeFixVerifier<MEM005UnboundedCollectionAnalyzer, MEM005BoundCollectionCodeFix>.Test
            {
                TestCode = """
                    using System.Collections.Generic;

                    class Log
                    {
                        private readonly List<string> [|_lines|] = new List<string>();

                        public void Info(string line)
                        {
                            _lines.Add("I " + line);
                        }

                        public void Error(string line)
                        {
                            if (line.Length > 0)
                                this._lines.Insert(0, "E " + line);
                            switch (line.Length)
                            {
                                case 1:
                                    _lines.Add("short");
                                    break;
                            }
                        }
                    }
                    """,
                FixedCode = """
                    using System.Collections.Generic;

                    class Log
                    {
                        private const int MaxLinesCount = 250;
                        private readonly List<string> _lines = new List<string>();

                        public void Info(string line)
                        {
                            if (_lines.Count >= MaxLinesCount)
                            {
                                _lines.RemoveAt(0);
                            }

                            _lines.Add("I " + line);
                        }

                        public void Error(string line)
                        {
                            if (line.Length > 0)
                            {
                                if (this._lines.Count >= MaxLinesCount)
                                {
                                    this._lines.RemoveAt(0);
                                }

                                this._lines.Insert(0, "E " + line);
                            }
                            switch (line.Length)
                            {
                                case 1:
                                    if (_lines.Count >= MaxLinesCount)
                                    {
                                        _lines.RemoveAt(0);
                                    }

                                    _lines.Add("short");
                                    break;
                            }
                        }
                    }
                    """,
                EditorConfig = "memrules.MEM005.default_capacity = 250",
            }.RunAsync();
        }

        [Fact]
        public async Task Lambdas_local_functions_and_locals_get_their_eviction()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Collections.Concurrent;

                class C
                {
                    private readonly ConcurrentDictionary<string, int> [|_lengths|] = new ConcurrentDictionary<string, int>();

                    public Action<string> Recorder() => key => _lengths[key] = key.Length;

                    public Func<string, int> Measurer() => key => _lengths.GetOrAdd(key, k => k.Length);

                    public int Local(string key)
                    {
                        void Add() => _lengths.TryAdd(key, 3);
                        Add();
                        var length = _lengths.GetOrAdd(key + "!", 4);
                        return length;
                    }
                }
                """, """
                using System;
                using System.Collections.Concurrent;

                class C
                {
                    private const int MaxLengthsCount = 1000;
                    private readonly ConcurrentDictionary<string, int> _lengths = new ConcurrentDictionary<string, int>();

                    public Action<string> Recorder() => key =>
                    {
                        if (_lengths.Count >= MaxLengthsCount)
                        {
                            _lengths.Clear();
                        }

                        _lengths[key] = key.Length;
                    };

                    public Func<string, int> Measurer() => key =>
                    {
                        if (_lengths.Count >= MaxLengthsCount)
                        {
                            _lengths.Clear();
                        }

                        return _lengths.GetOrAdd(key, k => k.Length);
                    };

                    public int Local(string key)
                    {
                        void Add()
                        {
                            if (_lengths.Count >= MaxLengthsCount)
                            {
                                _lengths.Clear();
                            }

                            _lengths.TryAdd(key, 3);
                        }
                        Add();
                        if (_lengths.Count >= MaxLengthsCount)
                        {
                            _lengths.Clear();
                        }

                        var length = _lengths.GetOrAdd(key + "!", 4);
                        return length;
                    }
                }
                """);
        }

        [Fact]
        public async Task The_constant_name_avoids_existing_members()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;

                class C
                {
                    private const int MaxItemsCount = 5;
                    private readonly List<int> [|_items|] = new List<int>();

                    public void Add(int x) => _items.Add(x + MaxItemsCount);
                }
                """, """
                using System.Collections.Generic;

                class C
                {
                    private const int MaxItemsCount = 5;
                    private const int MaxItemsCount2 = 1000;
                    private readonly List<int> _items = new List<int>();

                    public void Add(int x)
                    {
                        if (_items.Count >= MaxItemsCount2)
                        {
                            _items.RemoveAt(0);
                        }

                        _items.Add(x + MaxItemsCount);
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_and_value_returning_expression_bodies_keep_their_meaning()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    private readonly ConcurrentDictionary<string, int> [|_lengths|] = new ConcurrentDictionary<string, int>();
                    private readonly List<string> [|_names|] = new List<string>();

                    public int Length(string name) => _lengths.GetOrAdd(name, n => n.Length);

                    public async Task RememberLater(string name) => _names.Add(await Task.FromResult(name));
                }
                """, """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    private const int MaxLengthsCount = 1000;
                    private readonly ConcurrentDictionary<string, int> _lengths = new ConcurrentDictionary<string, int>();
                    private const int MaxNamesCount = 1000;
                    private readonly List<string> _names = new List<string>();

                    public int Length(string name)
                    {
                        if (_lengths.Count >= MaxLengthsCount)
                        {
                            _lengths.Clear();
                        }

                        return _lengths.GetOrAdd(name, n => n.Length);
                    }

                    public async Task RememberLater(string name)
                    {
                        if (_names.Count >= MaxNamesCount)
                        {
                            _names.RemoveAt(0);
                        }

                        _names.Add(await Task.FromResult(name));
                    }
                }
                """, numberOfIncrementalIterations: 2);
        }

        [Fact]
        public async Task A_cache_filled_on_a_miss_is_cleared_when_full()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;

                class Prices
                {
                    private readonly Dictionary<string, decimal> [|_byTryGet|] = new Dictionary<string, decimal>();
                    private readonly Dictionary<string, decimal> [|_byContains|] = new Dictionary<string, decimal>();
                    private readonly Dictionary<string, string> [|_byCoalesce|] = new Dictionary<string, string>();

                    public decimal Quote(string sku)
                    {
                        if (!_byTryGet.TryGetValue(sku, out var price))
                        {
                            price = Compute(sku);
                            _byTryGet[sku] = price;
                        }

                        return price;
                    }

                    public decimal Cached(string sku)
                    {
                        if (_byContains.ContainsKey(sku))
                        {
                            return _byContains[sku];
                        }

                        var price = Compute(sku);
                        _byContains.Add(sku, price);
                        return price;
                    }

                    public string Name(string sku) => _byCoalesce[sku] ??= sku.ToUpperInvariant();

                    public int Size => _byTryGet.Count + _byContains.Count;

                    private static decimal Compute(string sku) => sku.Length;
                }
                """, """
                using System.Collections.Generic;

                class Prices
                {
                    private const int MaxByTryGetCount = 1000;
                    private readonly Dictionary<string, decimal> _byTryGet = new Dictionary<string, decimal>();
                    private const int MaxByContainsCount = 1000;
                    private readonly Dictionary<string, decimal> _byContains = new Dictionary<string, decimal>();
                    private const int MaxByCoalesceCount = 1000;
                    private readonly Dictionary<string, string> _byCoalesce = new Dictionary<string, string>();

                    public decimal Quote(string sku)
                    {
                        if (!_byTryGet.TryGetValue(sku, out var price))
                        {
                            price = Compute(sku);
                            if (_byTryGet.Count >= MaxByTryGetCount)
                            {
                                _byTryGet.Clear();
                            }

                            _byTryGet[sku] = price;
                        }

                        return price;
                    }

                    public decimal Cached(string sku)
                    {
                        if (_byContains.ContainsKey(sku))
                        {
                            return _byContains[sku];
                        }

                        var price = Compute(sku);
                        if (_byContains.Count >= MaxByContainsCount)
                        {
                            _byContains.Clear();
                        }

                        _byContains.Add(sku, price);
                        return price;
                    }

                    public string Name(string sku)
                    {
                        if (_byCoalesce.Count >= MaxByCoalesceCount)
                        {
                            _byCoalesce.Clear();
                        }

                        return _byCoalesce[sku] ??= sku.ToUpperInvariant();
                    }

                    public int Size => _byTryGet.Count + _byContains.Count;

                    private static decimal Compute(string sku) => sku.Length;
                }
                """, numberOfIncrementalIterations: 3);
        }

        [Fact]
        public async Task A_history_read_only_in_order_drops_its_oldest_entry()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Linq;

                class Transcript
                {
                    private readonly List<string> [|_turns|] = new List<string>();

                    public void Add(string turn) => _turns.Add(turn);

                    public string Last => _turns.Count > 0 ? _turns[_turns.Count - 1] : "";

                    public IEnumerable<string> Recent(int n) => _turns.Skip(_turns.Count - n).Select(t => t.Trim());

                    public string Text()
                    {
                        foreach (var turn in _turns.ToArray())
                        {
                            System.Console.WriteLine(turn);
                        }

                        return string.Join("\n", _turns);
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Linq;

                class Transcript
                {
                    private const int MaxTurnsCount = 1000;
                    private readonly List<string> _turns = new List<string>();

                    public void Add(string turn)
                    {
                        if (_turns.Count >= MaxTurnsCount)
                        {
                            _turns.RemoveAt(0);
                        }

                        _turns.Add(turn);
                    }

                    public string Last => _turns.Count > 0 ? _turns[_turns.Count - 1] : "";

                    public IEnumerable<string> Recent(int n) => _turns.Skip(_turns.Count - n).Select(t => t.Trim());

                    public string Text()
                    {
                        foreach (var turn in _turns.ToArray())
                        {
                            System.Console.WriteLine(turn);
                        }

                        return string.Join("\n", _turns);
                    }
                }
                """);
        }
    }
}
