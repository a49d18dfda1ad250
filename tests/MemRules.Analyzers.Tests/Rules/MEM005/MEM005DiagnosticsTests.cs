using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    public class MEM005DiagnosticsTests
    {
        // The growth calls are the diagnostic's additional locations; the fix tests check them (an eviction goes before each).
        private static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) =>
            Verify.Diagnostic(descriptor).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Fact]
        public async Task Message_names_the_growth_call_and_its_method()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class ConversationHistory
                {
                    private readonly List<string> {|#0:_history|} = new List<string>();
                    public void AddMessage(string message) => _history.Add(message);
                    public string Last => _history[_history.Count - 1];
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_history", "Add", "AddMessage"));
        }

        [Fact]
        public async Task Every_growth_method_family_is_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections;
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                class C
                {
                    private readonly List<int> {|#0:_a|} = new List<int>();
                    private readonly List<int> {|#1:_b|} = new List<int>();
                    private readonly List<int> {|#2:_c|} = new List<int>();
                    private readonly List<int> {|#3:_d|} = new List<int>();
                    private readonly HashSet<string> {|#4:_e|} = new HashSet<string>();
                    private readonly SortedSet<string> {|#5:_f|} = new SortedSet<string>();
                    private readonly LinkedList<int> {|#6:_g|} = new LinkedList<int>();
                    private readonly Dictionary<string, int> {|#7:_h|} = new Dictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> {|#8:_i|} = new ConcurrentDictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> {|#9:_j|} = new ConcurrentDictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> {|#10:_k|} = new ConcurrentDictionary<string, int>();
                    private readonly SortedDictionary<string, int> {|#11:_l|} = new SortedDictionary<string, int>();
                    private readonly SortedList<string, int> {|#12:_m|} = new SortedList<string, int>();
                    private readonly Queue<int> {|#13:_n|} = new Queue<int>();
                    private readonly Stack<int> {|#14:_o|} = new Stack<int>();
                    private readonly ConcurrentQueue<int> {|#15:_p|} = new ConcurrentQueue<int>();
                    private readonly ConcurrentStack<int> {|#16:_q|} = new ConcurrentStack<int>();
                    private readonly ConcurrentBag<int> {|#17:_r|} = new ConcurrentBag<int>();
                    private readonly ArrayList {|#18:_s|} = new ArrayList();
                    private readonly Hashtable {|#19:_t|} = new Hashtable();
                    private readonly LinkedList<int> {|#20:_u|} = new LinkedList<int>();
                    private readonly Dictionary<string, int> {|#21:_v|} = new Dictionary<string, int>();
                    private readonly HashSet<string> {|#22:_w|} = new HashSet<string>();
                    public void Grow(int x, string s)
                    {
                        _a.Add(x); _b.Insert(0, x); _c.AddRange(new[] { x }); _d.InsertRange(0, new[] { x });
                        _e.Add(s); _f.Add(s); _g.AddLast(x); _h[s] = x; _i.TryAdd(s, x); _j.GetOrAdd(s, x);
                        _k.AddOrUpdate(s, x, (k, v) => v + 1); _l.Add(s, x); _m[s] = x; _n.Enqueue(x); _o.Push(x);
                        _p.Enqueue(x); _q.PushRange(new[] { x }); _r.Add(x); _s.Add(x); _t[s] = x;
                        var node = _u.AddFirst(x); _u.AddAfter(node, x); _u.AddBefore(node, x);
                        _v.TryAdd(s, x); _w.UnionWith(new[] { s });
                    }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_a", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_b", "Insert", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(2).WithArguments("_c", "AddRange", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(3).WithArguments("_d", "InsertRange", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(4).WithArguments("_e", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(5).WithArguments("_f", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(6).WithArguments("_g", "AddLast", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(7).WithArguments("_h", "indexer assignment", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(8).WithArguments("_i", "TryAdd", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(9).WithArguments("_j", "GetOrAdd", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(10).WithArguments("_k", "AddOrUpdate", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(11).WithArguments("_l", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(12).WithArguments("_m", "indexer assignment", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(13).WithArguments("_n", "Enqueue", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(14).WithArguments("_o", "Push", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(15).WithArguments("_p", "Enqueue", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(16).WithArguments("_q", "PushRange", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(17).WithArguments("_r", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(18).WithArguments("_s", "Add", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(19).WithArguments("_t", "indexer assignment", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(20).WithArguments("_u", "AddFirst", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(21).WithArguments("_v", "TryAdd", "Grow"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(22).WithArguments("_w", "UnionWith", "Grow"));
        }

        [Fact]
        public async Task Coalescing_indexer_assignment_grows_a_dictionary()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly Dictionary<string, object> {|#0:_lazy|} = new Dictionary<string, object>();
                    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
                    public object Get(string key) => _lazy[key] ??= new object();
                    public void Bump(string key) => _counts[key] += 1; // reads first: an existing key only
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_lazy", "indexer assignment", "Get"));
        }

        [Fact]
        public async Task Fresh_collections_assigned_in_the_constructor_are_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private readonly List<int> {|#0:_a|};
                    private readonly List<int> {|#1:_b|};
                    private readonly HashSet<int> {|#2:_c|} = [];
                    private readonly Dictionary<string, int> {|#3:_d|} = null;
                    public C(IEnumerable<int> seed) { _a = new(); _b = seed.ToList(); _d = new Dictionary<string, int>(); }
                    public void Add(int x) { _a.Add(x); _b.Add(x); _c.Add(x); _d[x.ToString()] = x; }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_a", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_b", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(2).WithArguments("_c", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(3).WithArguments("_d", "indexer assignment", "Add"));
        }

        [Fact]
        public async Task Keys_with_an_open_domain_are_reported_even_next_to_a_type()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private readonly Dictionary<(Type, string), object> {|#0:_byTypeAndName|} = new Dictionary<(Type, string), object>();
                    private readonly HashSet<int> {|#1:_ids|} = new HashSet<int>();
                    private readonly List<Type> {|#2:_seenTypes|} = new List<Type>();
                    public void Remember(Type t, string name, int id) { _byTypeAndName[(t, name)] = name; _ids.Add(id); _seenTypes.Add(t); }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_byTypeAndName", "indexer assignment", "Remember"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_ids", "Add", "Remember"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(2).WithArguments("_seenTypes", "Add", "Remember"));
        }

        [Fact]
        public async Task Exposing_a_read_only_view_does_not_hand_it_out()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class ConversationHistory
                {
                    private readonly List<string> {|#0:_history|} = new List<string>();
                    private readonly Dictionary<string, int> {|#1:_scores|} = new Dictionary<string, int>();
                    public IReadOnlyList<string> History => _history;
                    public IEnumerable<KeyValuePair<string, int>> Scores() { return _scores; }
                    public void Add(string message) { _history.Add(message); _scores[message] = message.Length; }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_history", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_scores", "indexer assignment", "Add"));
        }

        [Fact]
        public async Task Static_fields_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                static class Audit
                {
                    private static readonly List<string> {|#0:s_entries|} = new List<string>();
                    public static void Record(string entry) => s_entries.Add(entry);
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("s_entries", "Add", "Record"));
        }

        [Fact]
        public async Task Growth_in_a_lambda_made_in_the_constructor_is_not_initialization()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class Listener
                {
                    private readonly List<string> {|#0:_received|} = new List<string>();
                    public Listener(Action<Action<string>> subscribe) { subscribe(m => _received.Add(m)); }
                    public int Count => _received.Count;
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_received", "Add", "Listener"));
        }

        [Fact]
        public async Task Emptiness_checks_and_reads_do_not_bound()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private readonly Dictionary<string, string> {|#0:_cache|} = new Dictionary<string, string>();
                    public string Get(string key)
                    {
                        if (_cache.Count == 0 || !_cache.TryGetValue(key, out var value))
                        {
                            value = key.ToUpperInvariant();
                            _cache[key] = value;
                        }
                        foreach (var pair in _cache) { }
                        lock (_cache) { }
                        return value + _cache.Values.FirstOrDefault() + string.Join(",", _cache.Keys) + _cache.Count();
                    }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_cache", "indexer assignment", "Get"));
        }

        [Fact]
        public async Task Growth_from_a_public_method_called_by_the_constructor_is_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly List<string> {|#0:_names|} = new List<string>();
                    public C() { Register("a"); }
                    public void Register(string name) => _names.Add(name);
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_names", "Add", "Register"));
        }

        [Fact]
        public async Task String_keyed_cache_in_a_nested_type_and_a_generic_type_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Outer<T>
                {
                    private readonly Dictionary<string, T> {|#0:_byName|} = new Dictionary<string, T>();
                    public void Set(string name, T value) => _byName[name] = value;
                    private sealed class Inner
                    {
                        private readonly HashSet<int> {|#1:_ids|} = new HashSet<int>();
                        public bool Seen(int id) => !_ids.Add(id);
                    }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_byName", "indexer assignment", "Set"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_ids", "Add", "Seen"));
        }

        [Fact]
        public async Task Composites_still_report_collections_of_other_things()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class View { }
                class Log : View
                {
                    private readonly List<string> {|#0:_lines|} = new List<string>();
                    public void Write(string line) => _lines.Add(line);
                }
                class Failure : Exception
                {
                    private readonly List<Exception> {|#1:_inner|} = new List<Exception>();
                    public void Add(Exception e) => _inner.Add(e);
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_lines", "Add", "Write"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_inner", "Add", "Add"));
        }

        [Fact]
        public async Task Internal_fields_are_reported_by_default()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    internal readonly List<int> {|#0:Items|} = new List<int>();
                    private protected readonly List<int> {|#1:Others|} = new List<int>();
                }
                class Feeder : C
                {
                    public void Feed() { Items.Add(1); Others.Add(2); }
                }
                """,
                new[]
                {
                    Diagnostic(Descriptors.MEM005UnboundedInternalCollection).WithLocation(0).WithArguments("Items", "Add", "Feed"),
                    Diagnostic(Descriptors.MEM005UnboundedInternalCollection).WithLocation(1).WithArguments("Others", "Add", "Feed"),
                }, editorConfig: null);
        }

        [Fact]
        public async Task Count_read_or_compared_for_reading_does_not_bound()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private const int Max = 100;
                    private readonly List<int> {|#0:_indexed|} = new List<int>();
                    private readonly List<int> {|#1:_arithmetic|} = new List<int>();
                    private readonly List<int> {|#2:_returned|} = new List<int>();
                    private readonly List<int> {|#3:_logged|} = new List<int>();
                    private readonly List<int> {|#4:_checked|} = new List<int>();
                    private readonly List<int> {|#5:_read|} = new List<int>();
                    public int Sum()
                    {
                        int sum = 0;
                        for (int i = 0; i < _indexed.Count; i++) { sum += _indexed[i]; }
                        return sum;
                    }
                    public void Add(int x)
                    {
                        _indexed.Add(x);
                        _arithmetic.Add(x * _arithmetic.Count);
                        _returned.Add(x);
                        if (_logged.Count > Max) Console.WriteLine("many: " + _logged.Count);
                        _logged.Add(x);
                        _read.Add(x);
                    }
                    public bool IsFull() => _returned.Count >= Max;
                    public void Insert(int index, int x)
                    {
                        if (index > _checked.Count) throw new ArgumentOutOfRangeException(nameof(index));
                        _checked.Insert(index, x);
                    }
                    public int Last(int back) => _read.Count > back ? _read[_read.Count - 1 - back] : -1;
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_indexed", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_arithmetic", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(2).WithArguments("_returned", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(3).WithArguments("_logged", "Add", "Add"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(4).WithArguments("_checked", "Insert", "Insert"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(5).WithArguments("_read", "Add", "Add"));
        }

        [Fact]
        public async Task The_message_names_growth_of_this_object_not_an_overwrite_or_another_instance()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Registry
                {
                    private readonly Dictionary<string, int> {|#0:_map|} = new Dictionary<string, int>();
                    private readonly List<int> {|#1:_items|} = new List<int>();
                    public void Update(string key, int value) { if (_map.ContainsKey(key)) _map[key] = value; }
                    public void Merge(Registry other) { foreach (var i in _items) other._items.Add(i); }
                    public void Register(string key, int value) => _map.Add(key, value);
                    public void Add(int x) => _items.Add(x);
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_map", "Add", "Register"),
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(1).WithArguments("_items", "Add", "Add"));
        }

        [Fact]
        public async Task Static_fields_of_test_classes_live_for_the_whole_run_and_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class FactAttribute : Attribute { }
                public class CacheTests
                {
                    private static readonly List<string> {|#0:s_created|} = new List<string>();
                    private readonly List<string> _local = new List<string>();
                    [Fact] public void Creates() { s_created.Add("x"); _local.Add("y"); }
                }
                """,
                Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("s_created", "Add", "Creates"));
        }

        [Fact]
        public async Task A_nested_type_declared_only_in_generated_code_does_not_hide_the_container_s_findings()
        {
            // Roslyn skips the generated part (its header says so); the container's own field is still judged.
            await new CSharpAnalyzerVerifier<MEM005UnboundedCollectionAnalyzer>.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Collections.Generic;
                        public partial class Outer
                        {
                            private readonly List<string> {|#0:_log|} = new List<string>();
                            public void Record(string entry) => _log.Add(entry);
                        }
                        """,
                        """
                        // <auto-generated/>
                        public partial class Outer
                        {
                            private sealed class Generated
                            {
                                public int Count => 0;
                            }
                        }
                        """,
                    },
                    ExpectedDiagnostics = { Diagnostic(Descriptors.MEM005UnboundedCollection).WithLocation(0).WithArguments("_log", "Add", "Record") },
                },
            }.RunAsync();
        }
    }
}
