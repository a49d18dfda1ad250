using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>Bounded, drained, reset or shared collections: none is reported.</summary>
    public class MEM005ValidTests
    {
        [Fact]
        public async Task Growth_refused_by_a_Count_check_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private const int Max = 100;
                    private readonly List<string> _items = new List<string>();
                    private readonly HashSet<int> _seen = new HashSet<int>();
                    private List<int> _maybe = new List<int>();
                    public void Add(string item)
                    {
                        if (_items.Count < Max) _items.Add(item);
                        if (_maybe?.Count < Max) _maybe.Add(item.Length);
                    }
                    public void See(int value)
                    {
                        if (_seen.Count >= 10_000) return;
                        _seen.Add(value);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_Count_comparison_bounds_where_it_guards_the_growth()
        {
            // No shrink anywhere: each field is bounded by the condition around its growth alone.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private const int Max = 100;
                    private readonly int _size = 10;
                    private readonly List<string> _refused = new List<string>();
                    private readonly List<string> _thrown = new List<string>();
                    private readonly List<object> _pool = new List<object>();
                    private readonly HashSet<int> _batch = new HashSet<int>();
                    private readonly Queue<int> _linq = new Queue<int>();
                    private readonly Stack<int> _pattern = new Stack<int>();
                    private readonly List<int> _else = new List<int>();
                    public void Refuse(string item) { if (item != null && _refused.Count < Max) { _refused.Add(item); } }
                    public void Throw(string item)
                    {
                        if (item == null || _thrown.Count >= _size * 2) throw new InvalidOperationException("full");
                        _thrown.Add(item);
                    }
                    public void Fill() { while (_pool.Count < _size) _pool.Add(new object()); }
                    public void Take(IEnumerable<int> values)
                    {
                        foreach (var value in values)
                        {
                            if (_batch.Count >= Max) break;
                            _batch.Add(value);
                        }
                    }
                    public void Linq(int x) { if (_linq.Count() >= Max) return; _linq.Enqueue(x); }
                    public void Pattern(int x) { if (_pattern.Count is >= Max) return; _pattern.Push(x); }
                    public void Else(int x) { if (_else.Count >= Max) Console.WriteLine("full"); else _else.Add(x); }
                }
                """);
        }

        [Fact]
        public async Task Sliding_window_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Window
                {
                    private readonly int _size;
                    private readonly Queue<double> _samples = new Queue<double>();
                    private readonly LinkedList<double> _recent = new LinkedList<double>();
                    public Window(int size) { _size = size; }
                    public void Add(double sample)
                    {
                        _samples.Enqueue(sample);
                        if (_samples.Count > _size) _samples.Dequeue();
                        _recent.AddLast(sample);
                        while (_recent.Count > _size) _recent.RemoveFirst();
                    }
                }
                """);
        }

        [Fact]
        public async Task Drained_queues_stacks_and_bags_are_bounded()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                class Worker
                {
                    private readonly ConcurrentQueue<string> _work = new ConcurrentQueue<string>();
                    private readonly Queue<string> _pending = new Queue<string>();
                    private readonly Stack<int> _undo = new Stack<int>();
                    private readonly ConcurrentStack<int> _redo = new ConcurrentStack<int>();
                    private readonly ConcurrentBag<object> _pool = new ConcurrentBag<object>();
                    public void Post(string item) { _work.Enqueue(item); _pending.Enqueue(item); _undo.Push(1); _redo.Push(2); _pool.Add(item); }
                    public void Drain()
                    {
                        while (_work.TryDequeue(out var item)) { }
                        while (_pending.Count > 0) _pending.Dequeue();
                        _undo.Pop();
                        _redo.TryPop(out _);
                        _pool.TryTake(out _);
                    }
                }
                """);
        }

        [Fact]
        public async Task Every_shrink_method_family_bounds()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections;
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                class C
                {
                    private readonly List<int> _a = new List<int>();
                    private readonly List<int> _b = new List<int>();
                    private readonly List<int> _c = new List<int>();
                    private readonly List<int> _d = new List<int>();
                    private readonly HashSet<int> _e = new HashSet<int>();
                    private readonly HashSet<int> _f = new HashSet<int>();
                    private readonly SortedSet<int> _g = new SortedSet<int>();
                    private readonly LinkedList<int> _h = new LinkedList<int>();
                    private readonly Dictionary<string, int> _i = new Dictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> _j = new ConcurrentDictionary<string, int>();
                    private readonly SortedDictionary<string, int> _k = new SortedDictionary<string, int>();
                    private readonly SortedList<string, int> _l = new SortedList<string, int>();
                    private readonly ArrayList _m = new ArrayList();
                    private readonly Hashtable _n = new Hashtable();
                    private readonly ConcurrentStack<int> _o = new ConcurrentStack<int>();
                    private readonly Dictionary<string, int> _p = new Dictionary<string, int>();
                    public void Grow(int x, string s)
                    {
                        _a.Add(x); _b.Insert(0, x); _c.AddRange(new[] { x }); _d.InsertRange(0, new[] { x });
                        _e.Add(x); _f.UnionWith(new[] { x }); _g.Add(x); _h.AddFirst(x);
                        _i[s] = x; _j.GetOrAdd(s, x); _k.Add(s, x); _l.Add(s, x); _m.Add(x); _n.Add(s, x);
                        _o.PushRange(new[] { x }); _p.TryAdd(s, x);
                    }
                    public void Shrink(int x, string s)
                    {
                        _a.Remove(x); _b.RemoveAt(0); _c.RemoveRange(0, 1); _d.RemoveAll(i => i > 0);
                        _e.RemoveWhere(i => i > 0); _f.ExceptWith(new[] { x }); _g.IntersectWith(new[] { x }); _h.RemoveLast();
                        _i.Remove(s); _j.TryRemove(s, out _); _k.Clear(); _l.RemoveAt(0); _m.RemoveAt(0); _n.Remove(s);
                        _o.TryPopRange(new int[1]); _p.Remove(s, out _);
                    }
                }
                """);
        }

        [Fact]
        public async Task Swap_buffers_and_resets_are_bounded()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading;
                class Batcher
                {
                    private List<string> _front = new List<string>();
                    private List<string> _back = new List<string>();
                    private List<string> _log = new List<string>();
                    private List<string> _events = new List<string>();
                    public void Add(string item) { _front.Add(item); _back.Add(item); _log.Add(item); _events.Add(item); }
                    public void Flip() => (_front, _back) = (_back, _front);
                    public void Reset() => _log = new List<string>();
                    public List<string> Take() => Interlocked.Exchange(ref _events, new List<string>());
                }
                """);
        }

        [Fact]
        public async Task Clear_passed_as_a_method_group_bounds()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private readonly List<int> _items = new List<int>();
                    public C(Action<Action> onReset) { onReset(_items.Clear); }
                    public void Add(int x) => _items.Add(x);
                }
                """);
        }

        [Fact]
        public async Task Lookup_tables_filled_only_at_initialization_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Codes
                {
                    private static readonly Dictionary<string, int> s_byName = new Dictionary<string, int>();
                    private readonly List<string> _names = new List<string> { "a" };
                    private readonly Dictionary<int, string> _byCode;
                    private readonly HashSet<string> _reserved = new HashSet<string>();
                    static Codes() { s_byName.Add("a", 1); s_byName["b"] = 2; }
                    public Codes(IEnumerable<string> names)
                    {
                        _byCode = new Dictionary<int, string>();
                        foreach (var n in names) { _names.Add(n); _byCode[n.Length] = n; }
                        Fill();
                    }
                    private readonly List<string> _aliases = new List<string>();
                    public IEnumerable<string> Aliases { init { foreach (var a in value) _aliases.Add(a); } }
                    private void Fill() { AddReserved("x"); }
                    private void AddReserved(string name) => _reserved.Add(name);
                    public bool IsReserved(string name) => _reserved.Contains(name) || _names.Contains(name) || s_byName.ContainsKey(name) || _byCode.ContainsValue(name) || _aliases.Contains(name);
                }
                """);
        }

        [Fact]
        public async Task Small_key_domains_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Reflection;
                enum Color { Red, Green }
                class Caches
                {
                    private readonly Dictionary<Type, object> _byType = new Dictionary<Type, object>();
                    private readonly ConcurrentDictionary<PropertyInfo, Func<object, object>> _getters = new ConcurrentDictionary<PropertyInfo, Func<object, object>>();
                    private readonly Dictionary<MethodInfo, string> _names = new Dictionary<MethodInfo, string>();
                    private readonly HashSet<Assembly> _scanned = new HashSet<Assembly>();
                    private readonly Dictionary<Color, string> _colors = new Dictionary<Color, string>();
                    private readonly Dictionary<bool, string> _flags = new Dictionary<bool, string>();
                    private readonly HashSet<char> _chars = new HashSet<char>();
                    private readonly Dictionary<(Type, Type), object> _converters = new Dictionary<(Type, Type), object>();
                    public void Remember(Type t, PropertyInfo p, MethodInfo m, Color c, char ch)
                    {
                        _byType[t] = new object();
                        _getters.GetOrAdd(p, _ => o => o);
                        _names[m] = m.Name;
                        _scanned.Add(t.Assembly);
                        _colors[c] = c.ToString();
                        _flags[true] = "yes";
                        _chars.Add(ch);
                        _converters[(t, typeof(string))] = new object();
                    }
                }
                """);
        }

        [Fact]
        public async Task Untyped_caches_filled_under_type_keys_are_not_reported()
        {
            // Held-out triage (a Redis client): a Hashtable memo keyed by the argument's runtime type.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections;
                using System.Collections.Generic;
                class C
                {
                    private readonly Hashtable _mappers = new Hashtable();
                    private readonly Dictionary<object, string> _names = new Dictionary<object, string>();
                    public void Remember(object value)
                    {
                        _mappers[value.GetType()] = new object();
                        _names.Add(typeof(string), "s");
                    }
                }
                """);
        }

        [Fact]
        public async Task Untyped_caches_filled_under_open_keys_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections;
                class C
                {
                    private readonly Hashtable [|_mappers|] = new Hashtable();
                    public void Remember(string key) => _mappers[key] = new object();
                }
                """);
        }

        [Fact]
        public async Task Collections_handed_out_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Sink { public void Drain(List<int> items) => items.Clear(); }
                class C
                {
                    private readonly List<int> _returned = new List<int>();
                    private readonly List<int> _passed = new List<int>();
                    private readonly List<int> _stored = new List<int>();
                    private readonly List<int> _aliased = new List<int>();
                    private readonly Queue<int> _exposed = new Queue<int>();
                    private List<int> _kept;
                    public void Add(int x) { _returned.Add(x); _passed.Add(x); _stored.Add(x); _aliased.Add(x); _exposed.Enqueue(x); }
                    public List<int> Items() => _returned;
                    public void Flush(Sink sink) => sink.Drain(_passed);
                    public void Keep() { _kept = _stored; }
                    public void Alias() { var local = _aliased; local.Clear(); }
                    public Queue<int> Pending => _exposed;
                }
                """);
        }

        [Fact]
        public async Task Locals_parameters_and_public_fields_are_never_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                public class C
                {
                    public readonly List<int> Public = new List<int>();
                    protected readonly List<int> Protected = new List<int>();
                    protected internal readonly List<int> ProtectedInternal = new List<int>();
                    private List<int> Property { get; } = new List<int>();
                    public int Sum(IEnumerable<int> values, List<int> sink)
                    {
                        var local = new List<int>();
                        foreach (var v in values) { local.Add(v); sink.Add(v); Public.Add(v); Protected.Add(v); ProtectedInternal.Add(v); Property.Add(v); }
                        return local.Count;
                    }
                }
                """);
        }

        [Fact]
        public async Task A_collection_that_is_only_read_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private readonly List<int> _empty = new List<int>();
                    public int Total() => _empty.Sum() + _empty.Count + (_empty.Any() ? 1 : 0);
                }
                """);
        }

        [Fact]
        public async Task A_nested_type_that_removes_from_the_outer_field_bounds_it()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Outer
                {
                    private readonly List<int> _items = new List<int>();
                    public void Add(int x) => _items.Add(x);
                    private sealed class Cleaner
                    {
                        public void Clean(Outer outer) => outer._items.Clear();
                    }
                }
                """);
        }

        [Fact]
        public async Task Partial_types_are_seen_as_a_whole()
        {
            await new Verifiers.CSharpCodeFixVerifier<MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer, MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    partial class C
                    {
                        private readonly List<int> _items = new List<int>();
                        public void Add(int x) => _items.Add(x);
                    }
                    """,
                TestState =
                {
                    Sources =
                    {
                        """
                        partial class C
                        {
                            public void Reset() => _items.Clear();
                        }
                        """,
                    },
                },
                ExpectNoFix = true,
            }.RunAsync();
        }

        [Fact]
        public async Task Lambdas_and_local_functions_that_remove_count()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private readonly Dictionary<string, int> _map = new Dictionary<string, int>();
                    private readonly List<int> _list = new List<int>();
                    public void Add(string k) { _map[k] = 1; _list.Add(1); }
                    public Action Evictor() => () => _map.Remove("x");
                    public void Trim() { Local(); void Local() => _list.RemoveAt(0); }
                }
                """);
        }

        [Fact]
        public async Task Conditional_access_growth_and_shrink_are_seen()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private List<int> _items;
                    public C() { _items = new List<int>(); }
                    public void Add(int x) => _items?.Add(x);
                    public void Clear() => _items?.Clear();
                }
                """);
        }

        [Fact]
        public async Task Passing_as_a_read_only_sequence_does_not_hand_out_but_a_bound_still_counts()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly List<string> _lines = new List<string>();
                    public void Add(string line)
                    {
                        if (_lines.Count == 500) _lines.RemoveAt(0);
                        _lines.Add(line);
                    }
                    public string Text() => string.Join("\n", _lines);
                }
                """);
        }

        [Fact]
        public async Task ConditionalWeakTable_and_non_collections_are_never_candidates()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Runtime.CompilerServices;
                using System.Text;
                class C
                {
                    private readonly ConditionalWeakTable<object, object> _attached = new ConditionalWeakTable<object, object>();
                    private readonly StringBuilder _text = new StringBuilder();
                    public void Attach(object o) { _attached.Add(o, new object()); _text.Append(o); }
                }
                """);
        }

        [Fact]
        public async Task Internal_fields_are_ignored_when_the_option_is_off()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    internal readonly List<int> Items = new List<int>();
                    public void Add(int x) => Items.Add(x);
                }
                """, editorConfig: "memrules.MEM005.include_internal = false");
        }

        [Fact]
        public async Task Internal_field_drained_by_another_type_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    internal readonly List<int> Items = new List<int>();
                    public void Add(int x) => Items.Add(x);
                }
                class Drainer
                {
                    public void Drain(C c) => c.Items.Clear();
                }
                """);
        }

        [Fact]
        public async Task Builder_that_hands_its_registrations_to_what_it_builds_is_not_reported()
        {
            // Found in serilog's LoggerConfiguration: sinks, enrichers, filters collected through callbacks.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                interface ISink { }
                sealed class AggregateSink : ISink { public AggregateSink(IEnumerable<ISink> sinks) { } }
                sealed class SinkConfiguration { public SinkConfiguration(Action<ISink> add) { } }
                sealed class Configuration
                {
                    private readonly List<ISink> _sinks = new List<ISink>();
                    private readonly List<string> _names = new List<string>();
                    public Configuration() { WriteTo = new SinkConfiguration(s => _sinks.Add(s)); }
                    public SinkConfiguration WriteTo { get; }
                    public Configuration Named(string name) { _names.Add(name); return this; }
                    public ISink Create() => new AggregateSink(_sinks);
                    public string Describe(Func<IEnumerable<string>, string> describe) => describe(_names);
                }
                """);
        }

        [Fact]
        public async Task Dictionaries_keyed_by_8_or_16_bit_integers_are_bounded_by_their_key()
        {
            // Found in MQTTnet: topic aliases are a ushort the protocol bounds.
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Client
                {
                    private readonly Dictionary<ushort, string> _topicAlias = new Dictionary<ushort, string>();
                    private readonly Dictionary<byte, string> _codes = new Dictionary<byte, string>();
                    private readonly HashSet<short> _ids = new HashSet<short>();
                    public void Alias(ushort alias, string topic, byte code) { _topicAlias[alias] = topic; _codes[code] = topic; _ids.Add((short)alias); }
                }
                """);
        }

        [Fact]
        public async Task Children_of_a_composite_are_not_reported()
        {
            // Found in Terminal.Gui: a dialog's buttons, a wizard's steps are views inside a view.
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class View { }
                class Button : View { }
                class Dialog : View
                {
                    private readonly List<Button> _buttons = new List<Button>();
                    private readonly LinkedList<View> _steps = new LinkedList<View>();
                    private readonly Dictionary<string, Dialog> _pages = new Dictionary<string, Dialog>();
                    public void AddButton(Button b) => _buttons.Add(b);
                    public void AddStep(View v) => _steps.AddLast(v);
                    public void AddPage(string name, Dialog d) => _pages[name] = d;
                }
                class Node
                {
                    private readonly List<Node> _children = new List<Node>();
                    public void Add(Node child) => _children.Add(child);
                }
                """);
        }

        [Fact]
        public async Task Collections_received_from_elsewhere_are_shared_not_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                static class Shared { public static readonly List<int> Items = new List<int>(); }
                class Producer
                {
                    private readonly ConcurrentQueue<int> _queue;
                    private readonly List<int> _shared = Shared.Items;
                    private List<int> _sink;
                    public Producer(ConcurrentQueue<int> queue) { _queue = queue; }
                    public void Initialize(List<int> sink) => _sink = sink;
                    public void Produce(int x) { _queue.Enqueue(x); _shared.Add(x); _sink.Add(x); }
                }
                """);
        }

        [Fact]
        public async Task Instance_fields_of_test_classes_are_not_reported()
        {
            // The framework creates the object for one test (xunit, MSTest) or one fixture (NUnit) and drops it.
            // Attributes are recognised by name: these look-alikes stand for xunit's, NUnit's and MSTest's.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                namespace Xunit { class FactAttribute : Attribute { } class TheoryAttribute : Attribute { } }
                namespace NUnit.Framework { class TestFixtureAttribute : Attribute { } class TestCaseAttribute : Attribute { public TestCaseAttribute(object a) { } } }
                namespace Microsoft.VisualStudio.TestTools.UnitTesting { class TestClassAttribute : Attribute { } class TestMethodAttribute : Attribute { } }
                namespace Tests
                {
                    public class XunitTests
                    {
                        private readonly List<string> _log = new List<string>();
                        private void Log(string line) => _log.Add(line);
                        [Xunit.Fact] public void Logs() { Log("a"); }
                    }
                    public class TheoryTests
                    {
                        private readonly Dictionary<int, int> _seen = new Dictionary<int, int>();
                        [Xunit.TheoryAttribute] public void Sees(int x) { _seen[x] = x; }
                    }
                    [NUnit.Framework.TestFixture]
                    public class NUnitFixture
                    {
                        private readonly List<int> _values = new List<int>();
                        public void Collect(int x) => _values.Add(x);
                    }
                    public class NUnitCases
                    {
                        private readonly List<int> _values = new List<int>();
                        [NUnit.Framework.TestCase(1)] public void Collect(int x) => _values.Add(x);
                    }
                    [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
                    public class MsTests
                    {
                        internal readonly List<int> Values = new List<int>();
                        [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod] public void Collect() => Values.Add(1);
                    }
                }
                """);
        }

        [Fact]
        public async Task Overwriting_an_existing_key_and_filling_a_clone_are_not_growth()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Settings
                {
                    private readonly Dictionary<string, string> _values = new Dictionary<string, string> { ["mode"] = "a" };
                    private readonly List<int> _items = new List<int>();
                    public void Update(string key, string value)
                    {
                        if (_values.ContainsKey(key)) _values[key] = value;
                        if (!_values.TryGetValue(key, out var old)) return;
                        _values[key] = old + value;
                    }
                    public Settings Clone()
                    {
                        var copy = new Settings();
                        foreach (var item in _items) copy._items.Add(item);
                        var other = (Settings)MemberwiseClone();
                        other._values["copy"] = "yes";
                        return copy;
                    }
                    public int Count => _items.Count;
                }
                """);
        }

        [Fact]
        public async Task Broken_code_does_not_throw_and_invalid_uses_count_as_unknown()
        {
            await new Verifiers.CSharpAnalyzerVerifier<MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer>.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    class C
                    {
                        private readonly List<Missing> [|_items|] = new List<Missing>();
                        private readonly Dictionary<string, int> _map = new();
                        public void Add(Missing x) { _items.Add(x); _map[Unknown()] = ; _map.Frobnicate(1); }
                    }
                    """,
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            }.RunAsync();
        }
    }
}
