using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    public class MEM005DiagnosticsTests
    {
        [Fact]
        public async Task Message_names_the_growth_call_and_its_method()
        {
            var test = new MEM005MessageTest
            {
                TestCode = """
                    using System.Collections.Generic;
                    class ConversationHistory
                    {
                        private readonly List<string> [|_history|] = new List<string>();
                        public void AddMessage(string message) => _history.Add(message);
                        public string Last => _history[_history.Count - 1];
                    }
                    """,
            };
            var diagnostic = Assert.Single(await test.RunAndGetDiagnosticsAsync());
            Assert.Equal("'_history' only grows (Add in AddMessage); nothing removes or bounds it", diagnostic.GetMessage());
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
                    private readonly List<int> [|_a|] = new List<int>();
                    private readonly List<int> [|_b|] = new List<int>();
                    private readonly List<int> [|_c|] = new List<int>();
                    private readonly List<int> [|_d|] = new List<int>();
                    private readonly HashSet<string> [|_e|] = new HashSet<string>();
                    private readonly SortedSet<string> [|_f|] = new SortedSet<string>();
                    private readonly LinkedList<int> [|_g|] = new LinkedList<int>();
                    private readonly Dictionary<string, int> [|_h|] = new Dictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> [|_i|] = new ConcurrentDictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> [|_j|] = new ConcurrentDictionary<string, int>();
                    private readonly ConcurrentDictionary<string, int> [|_k|] = new ConcurrentDictionary<string, int>();
                    private readonly SortedDictionary<string, int> [|_l|] = new SortedDictionary<string, int>();
                    private readonly SortedList<string, int> [|_m|] = new SortedList<string, int>();
                    private readonly Queue<int> [|_n|] = new Queue<int>();
                    private readonly Stack<int> [|_o|] = new Stack<int>();
                    private readonly ConcurrentQueue<int> [|_p|] = new ConcurrentQueue<int>();
                    private readonly ConcurrentStack<int> [|_q|] = new ConcurrentStack<int>();
                    private readonly ConcurrentBag<int> [|_r|] = new ConcurrentBag<int>();
                    private readonly ArrayList [|_s|] = new ArrayList();
                    private readonly Hashtable [|_t|] = new Hashtable();
                    private readonly LinkedList<int> [|_u|] = new LinkedList<int>();
                    private readonly Dictionary<string, int> [|_v|] = new Dictionary<string, int>();
                    private readonly HashSet<string> [|_w|] = new HashSet<string>();
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
                """);
        }

        [Fact]
        public async Task Coalescing_indexer_assignment_grows_a_dictionary()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly Dictionary<string, object> [|_lazy|] = new Dictionary<string, object>();
                    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
                    public object Get(string key) => _lazy[key] ??= new object();
                    public void Bump(string key) => _counts[key] += 1; // reads first: an existing key only
                }
                """);
        }

        [Fact]
        public async Task Fresh_collections_assigned_in_the_constructor_are_owned()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private readonly List<int> [|_a|];
                    private readonly List<int> [|_b|];
                    private readonly HashSet<int> [|_c|] = [];
                    private readonly Dictionary<string, int> [|_d|] = null;
                    public C(IEnumerable<int> seed) { _a = new(); _b = seed.ToList(); _d = new Dictionary<string, int>(); }
                    public void Add(int x) { _a.Add(x); _b.Add(x); _c.Add(x); _d[x.ToString()] = x; }
                }
                """);
        }

        [Fact]
        public async Task Keys_with_an_open_domain_are_reported_even_next_to_a_type()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private readonly Dictionary<(Type, string), object> [|_byTypeAndName|] = new Dictionary<(Type, string), object>();
                    private readonly HashSet<int> [|_ids|] = new HashSet<int>();
                    private readonly List<Type> [|_seenTypes|] = new List<Type>();
                    public void Remember(Type t, string name, int id) { _byTypeAndName[(t, name)] = name; _ids.Add(id); _seenTypes.Add(t); }
                }
                """);
        }

        [Fact]
        public async Task Exposing_a_read_only_view_does_not_hand_it_out()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class ConversationHistory
                {
                    private readonly List<string> [|_history|] = new List<string>();
                    private readonly Dictionary<string, int> [|_scores|] = new Dictionary<string, int>();
                    public IReadOnlyList<string> History => _history;
                    public IEnumerable<KeyValuePair<string, int>> Scores() { return _scores; }
                    public void Add(string message) { _history.Add(message); _scores[message] = message.Length; }
                }
                """);
        }

        [Fact]
        public async Task Static_fields_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                static class Audit
                {
                    private static readonly List<string> [|s_entries|] = new List<string>();
                    public static void Record(string entry) => s_entries.Add(entry);
                }
                """);
        }

        [Fact]
        public async Task Growth_in_a_lambda_made_in_the_constructor_is_not_initialization()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                class Listener
                {
                    private readonly List<string> [|_received|] = new List<string>();
                    public Listener(Action<Action<string>> subscribe) { subscribe(m => _received.Add(m)); }
                    public int Count => _received.Count;
                }
                """);
        }

        [Fact]
        public async Task Emptiness_checks_and_reads_do_not_bound()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Linq;
                class C
                {
                    private readonly Dictionary<string, string> [|_cache|] = new Dictionary<string, string>();
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
                """);
        }

        [Fact]
        public async Task Growth_from_a_public_method_called_by_the_constructor_is_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly List<string> [|_names|] = new List<string>();
                    public C() { Register("a"); }
                    public void Register(string name) => _names.Add(name);
                }
                """);
        }

        [Fact]
        public async Task String_keyed_cache_in_a_nested_type_and_a_generic_type_are_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                class Outer<T>
                {
                    private readonly Dictionary<string, T> [|_byName|] = new Dictionary<string, T>();
                    public void Set(string name, T value) => _byName[name] = value;
                    private sealed class Inner
                    {
                        private readonly HashSet<int> [|_ids|] = new HashSet<int>();
                        public bool Seen(int id) => !_ids.Add(id);
                    }
                }
                """);
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
                    private readonly List<string> [|_lines|] = new List<string>();
                    public void Write(string line) => _lines.Add(line);
                }
                class Failure : Exception
                {
                    private readonly List<Exception> [|_inner|] = new List<Exception>();
                    public void Add(Exception e) => _inner.Add(e);
                }
                """);
        }

        [Fact]
        public async Task Internal_fields_are_reported_with_the_option()
        {
            var test = new MEM005MessageTest
            {
                TestCode = """
                    using System.Collections.Generic;
                    class C
                    {
                        internal readonly List<int> [|Items|] = new List<int>();
                        private protected readonly List<int> [|Others|] = new List<int>();
                    }
                    class Feeder : C
                    {
                        public void Feed() { Items.Add(1); Others.Add(2); }
                    }
                    """,
                EditorConfig = "memrules.MEM005.include_internal = true",
            };
            var messages = (await test.RunAndGetDiagnosticsAsync()).Select(d => d.GetMessage()).OrderBy(m => m).ToArray();
            Assert.Equal("'Items' only grows (Add in Feed); nothing in the assembly removes or bounds it", messages[0]);
        }
    

        [Fact]
        public async Task A_nested_type_declared_only_in_generated_code_does_not_hide_the_container_s_findings()
        {
            // Roslyn skips the generated part (its header says so); the container's own field is still judged.
            await new AnalyzerTest<MEM005UnboundedCollectionAnalyzer>
            {
                TestCode = """
                    using System.Collections.Generic;
                    public partial class Outer
                    {
                        private readonly List<string> [|_log|] = new List<string>();
                        public void Record(string entry) => _log.Add(entry);
                    }
                    """,
                AdditionalSources =
                {
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
            }.RunAsync();
        }
    }
}
