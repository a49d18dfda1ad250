using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>Where no eviction can certainly run before every growth call, no fix is offered.</summary>
    public class MEM005NoFixTests
    {
        [Fact]
        public async Task Growth_inside_a_condition_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly HashSet<int> [|_seen|] = new HashSet<int>();
                    public bool IsNew(int x)
                    {
                        if (_seen.Add(x)) return true;
                        return false;
                    }
                }
                """);
        }

        [Fact]
        public async Task The_backing_list_of_a_collection_type_gets_no_eviction()
        {
            // The type is a collection: what it holds is its users' data, and dropping the oldest would lose it.
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections;
                using System.Collections.Generic;
                public sealed class TagList : IEnumerable<string>
                {
                    private readonly List<string> [|_tags|] = new List<string>();
                    public void Add(string tag) => _tags.Add(tag);
                    public IEnumerator<string> GetEnumerator() => _tags.GetEnumerator();
                    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
                }
                """);
        }

        [Fact]
        public async Task One_unfixable_growth_call_blocks_the_fix_for_the_field()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly List<int> [|_items|] = new List<int>();
                    public void Add(int x) => _items.Add(x);
                    // One eviction before AddRange does not bound the list: no fix rather than a false bound.
                    public void Many(int[] xs) => _items.AddRange(xs);
                }
                """);
        }

        [Fact]
        public async Task Conditional_access_method_groups_and_complex_receivers_have_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private List<int> [|_a|] = new List<int>();
                    private readonly List<int> [|_b|] = new List<int>();
                    private readonly Queue<int> [|_c|] = new Queue<int>();
                    public void A(int x) => _a?.Add(x);
                    public void B(IEnumerable<int> xs) { foreach (var x in xs) { Action<int> add = _b.Add; add(x); } }
                    public void D(int x) => Self()._c.Enqueue(x);
                    private C Self() => this;
                }
                """);
        }

        [Fact]
        public async Task Growth_from_another_type_has_no_fix()
        {
            // The constant would be private to C: Feeder could not name it. The diagnostic of an internal field
            // is reported at compilation end (non-local), which the framework's local-diagnostic check refuses
            // to hand to a fixer; the check is skipped because the point here is that no fix is offered.
            await new Verify.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    class C
                    {
                        internal readonly List<int> [|Items|] = new List<int>();
                    }
                    class Feeder
                    {
                        public void Feed(C c) => c.Items.Add(1);
                    }
                    """,
                ExpectNoFix = true,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            }.RunAsync();
        }

        [Fact]
        public async Task Growth_in_another_document_has_no_fix()
        {
            await new CSharpCodeFixVerifier<MEM005UnboundedCollectionAnalyzer, MEM005BoundCollectionCodeFix>.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    partial class C
                    {
                        private readonly List<int> [|_items|] = new List<int>();
                    }
                    """,
                TestState =
                {
                    Sources =
                    {
                        """
                        partial class C
                        {
                            public void Add(int x) => _items.Add(x);
                        }
                        """,
                    },
                },
                ExpectNoFix = true,
            }.RunAsync();
        }

        // Where an eviction could break the program, the diagnostic stays and no fix is offered (EvictionHazard).

        [Fact]
        public async Task A_registry_read_by_key_without_a_fallback_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Collections.Generic;
                class Commands
                {
                    private readonly Dictionary<string, Action> [|_handlers|] = new Dictionary<string, Action>();
                    private readonly Dictionary<string, Type> [|_types|] = new Dictionary<string, Type>();
                    public void Register(string name, Action handler) => _handlers[name] = handler;
                    public void Run(string name) => _handlers[name]();
                    public void Map(string name, Type type) => _types.Add(name, type);
                    public Type Resolve(string name) => _types.TryGetValue(name, out var type) ? type : throw new KeyNotFoundException(name);
                }
                """);
        }

        [Fact]
        public async Task Entries_found_by_predicate_or_value_have_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                using System.Linq;
                sealed class Session { public string Id = ""; }
                class Sessions
                {
                    private readonly List<Session> [|_open|] = new List<Session>();
                    private readonly List<string> [|_names|] = new List<string>();
                    private readonly HashSet<string> [|_seen|] = new HashSet<string>();
                    public void Open(Session session) => _open.Add(session);
                    public Session Find(string id) => _open.FirstOrDefault(s => s.Id == id);
                    public void Name(string name) => _names.Add(name);
                    public int Position(string name) => _names.IndexOf(name);
                    public void See(string key) => _seen.Add(key);
                    public bool Seen(string key) => _seen.Contains(key);
                }
                """);
        }

        [Fact]
        public async Task Collections_kept_in_step_have_no_fix()
        {
            // Seen in the seeds' long-term memory index: entries and their embeddings by position, an index by tag.
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                sealed class Entry { public int Id; public string Tag = ""; }
                class MemoryIndex
                {
                    private readonly List<Entry> [|_entries|] = new List<Entry>();
                    private readonly List<float[]> [|_embeddings|] = new List<float[]>();
                    private readonly List<string> [|_journal|] = new List<string>();
                    public void Add(Entry entry, float[] embedding)
                    {
                        _entries.Add(entry);
                        _embeddings.Add(embedding);
                    }
                    public void Write(Entry entry)
                    {
                        entry.Id = _journal.Count;
                        _journal.Add(entry.Tag);
                    }
                    public IEnumerable<Entry> All() { foreach (var e in _entries) yield return e; }
                    public int Dimensions => _embeddings.Count;
                }
                """);
        }

        [Fact]
        public async Task Disposable_entries_and_accumulating_values_have_no_fix()
        {
            // Clearing a static map of live file watchers drops them without disposing them.
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                using System.IO;
                static class Watchers
                {
                    private static readonly Dictionary<string, FileSystemWatcher> [|s_watchers|] = new Dictionary<string, FileSystemWatcher>();
                    private static readonly Dictionary<string, List<int>> [|s_byTag|] = new Dictionary<string, List<int>>();
                    public static void Watch(string path)
                    {
                        if (!s_watchers.TryGetValue(path, out var watcher))
                        {
                            watcher = new FileSystemWatcher(path);
                            s_watchers[path] = watcher;
                        }
                    }
                    public static void Tag(string tag, int id)
                    {
                        if (!s_byTag.TryGetValue(tag, out var ids))
                        {
                            ids = new List<int>();
                            s_byTag[tag] = ids;
                        }

                        ids.Add(id);
                    }
                }
                """);
        }

        [Fact]
        public async Task Growth_of_another_instance_s_field_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class Bag
                {
                    private readonly List<int> [|_items|] = new List<int>();
                    public void Add(int x) => _items.Add(x);
                    public void CopyTo(Bag other)
                    {
                        foreach (var item in _items)
                        {
                            other._items.Add(item);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_collection_seeded_at_initialization_or_answering_is_it_new_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class Chat
                {
                    private readonly List<string> [|_messages|] = new List<string> { "You are a helpful assistant." };
                    private readonly List<string> [|_turns|] = new List<string>();
                    private readonly Dictionary<int, string> [|_ids|] = new Dictionary<int, string>();
                    public Chat(string system) { _turns.Add(system); }
                    public void Say(string text) => _messages.Add(text);
                    public void Turn(string text) => _turns.Add(text);
                    public bool Claim(int id, string owner) => _ids.TryAdd(id, owner);
                    public string Transcript() => string.Join("\n", _messages) + string.Join("\n", _turns);
                }
                """);
        }
    }
}
