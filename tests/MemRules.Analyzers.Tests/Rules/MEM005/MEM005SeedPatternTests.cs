using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>
    /// The memory patterns of the texts MEM-005 comes from (shared/seeds: conversation memory, task memory,
    /// long-term memory, working memory, an LRU cache, profiler buffers), written in C# for MemRules: each
    /// bounded pattern is valid, its unbounded twin is reported.
    /// </summary>
    public class MEM005SeedPatternTests
    {
        private static DiagnosticResult Diagnostic() =>
            Verify.Diagnostic(Descriptors.MEM005UnboundedCollection).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        private const string Records = """
            using System;
            using System.Collections.Generic;
            using System.Linq;

            public sealed record Message(string Role, string Content, DateTime Timestamp);
            public sealed record Summary(int MessageCount, string KeyPoints, DateTime Timestamp);
            public sealed record MemoryEntry(string Text, double Importance, DateTime Timestamp);
            public sealed class TaskState
            {
                public TaskState(object data) { Data = data; }
                public object Data { get; }
                public object? Result { get; set; }
                public DateTime CompletedAt { get; set; }
                public Dictionary<string, object> WorkingMemory { get; } = new Dictionary<string, object>();
            }

            """;

        [Fact]
        public async Task Conversation_memory_summarised_when_over_its_limit_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class ConversationMemory
                {
                    private readonly int _maxMessages;
                    private List<Message> _messages = new List<Message>();
                    private Summary? _summary;

                    public ConversationMemory(int maxMessages = 20) { _maxMessages = maxMessages; }

                    public void AddMessage(string role, string content)
                    {
                        _messages.Add(new Message(role, content, DateTime.UtcNow));
                        if (_messages.Count > _maxMessages)
                        {
                            SummarizeOldMessages();
                        }
                    }

                    private void SummarizeOldMessages()
                    {
                        var old = _messages.Take(_messages.Count / 2).ToList();
                        _summary = new Summary(old.Count, string.Join("; ", old.Select(m => m.Content)), DateTime.UtcNow);
                        _messages = _messages.Skip(old.Count).ToList();
                    }

                    public IEnumerable<Message> GetContext()
                    {
                        if (_summary != null)
                        {
                            yield return new Message("system", "Previous conversation summary: " + _summary.KeyPoints, _summary.Timestamp);
                        }

                        foreach (var message in _messages)
                        {
                            yield return message;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Conversation_memory_that_keeps_every_summary_is_reported()
        {
            // The twin: the history is a bounded window, but every summary made of it is kept.
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class ConversationManager
                {
                    private readonly int _maxHistory;
                    private readonly int _summaryThreshold;
                    private readonly Queue<Message> _history = new Queue<Message>();
                    private readonly List<Summary> {|#0:_summaries|} = new List<Summary>();

                    public ConversationManager(int maxHistory = 100, int summaryThreshold = 50)
                    {
                        _maxHistory = maxHistory;
                        _summaryThreshold = summaryThreshold;
                    }

                    public void AddMessage(Message message)
                    {
                        _history.Enqueue(message);
                        if (_history.Count > _maxHistory)
                        {
                            _history.Dequeue();
                        }

                        if (_history.Count >= _summaryThreshold)
                        {
                            CreateSummary();
                        }
                    }

                    private void CreateSummary()
                    {
                        var old = _history.Take(_summaryThreshold / 2).ToList();
                        _summaries.Add(new Summary(old.Count, string.Join("; ", old.Select(m => m.Content)), old[0].Timestamp));
                        foreach (var _ in old)
                        {
                            _history.Dequeue();
                        }
                    }

                    public IEnumerable<object> GetContext(int lastN = 10) =>
                        _summaries.TakeLast(2).Cast<object>().Concat(_history.TakeLast(lastN));
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_summaries", "Add", "CreateSummary"));
        }

        [Fact]
        public async Task Task_memory_that_prunes_completed_tasks_by_reassignment_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class TaskMemory
                {
                    private readonly Dictionary<string, TaskState> _activeTasks = new Dictionary<string, TaskState>();
                    private List<TaskState> _completedTasks = new List<TaskState>();

                    public void StartTask(string taskId, object data) => _activeTasks[taskId] = new TaskState(data);

                    public void UpdateTask(string taskId, string key, object value)
                    {
                        if (_activeTasks.TryGetValue(taskId, out var task))
                        {
                            task.WorkingMemory[key] = value;
                        }
                    }

                    public void CompleteTask(string taskId, object result)
                    {
                        if (_activeTasks.Remove(taskId, out var task))
                        {
                            task.CompletedAt = DateTime.UtcNow;
                            task.Result = result;
                            task.WorkingMemory.Clear();
                            _completedTasks.Add(task);
                        }
                    }

                    public void CleanupOldCompleted(TimeSpan maxAge)
                    {
                        var cutoff = DateTime.UtcNow - maxAge;
                        _completedTasks = _completedTasks.Where(t => t.CompletedAt > cutoff).ToList();
                    }
                }
                """);
        }

        [Fact]
        public async Task Task_memory_that_never_forgets_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class TaskMemory
                {
                    private readonly Dictionary<string, TaskState> {|#0:_activeTasks|} = new Dictionary<string, TaskState>();
                    private readonly List<TaskState> {|#1:_completedTasks|} = new List<TaskState>();

                    public void StartTask(string taskId, object data) => _activeTasks[taskId] = new TaskState(data);

                    public void CompleteTask(string taskId, object result)
                    {
                        if (_activeTasks.TryGetValue(taskId, out var task))
                        {
                            task.CompletedAt = DateTime.UtcNow;
                            task.Result = result;
                            _completedTasks.Add(task);
                        }
                    }

                    public int Completed => _completedTasks.Count;
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_activeTasks", "indexer assignment", "StartTask"),
                Diagnostic().WithLocation(1).WithArguments("_completedTasks", "Add", "CompleteTask"));
        }

        [Fact]
        public async Task Long_term_memory_pruned_above_its_maximum_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class LongTermMemory
                {
                    private readonly int _maxEntries;
                    private readonly TimeSpan _retention;
                    private readonly List<MemoryEntry> _storage = new List<MemoryEntry>();

                    public LongTermMemory(int maxEntries = 10_000, int retentionDays = 90)
                    {
                        _maxEntries = maxEntries;
                        _retention = TimeSpan.FromDays(retentionDays);
                    }

                    public void Store(MemoryEntry entry)
                    {
                        _storage.Add(entry with { Timestamp = DateTime.UtcNow });
                        if (_storage.Count > _maxEntries)
                        {
                            PruneOldEntries();
                        }
                    }

                    private void PruneOldEntries()
                    {
                        // Most important and most recent first; keep max_entries, then drop the old unimportant ones.
                        _storage.Sort((a, b) => (b.Importance, b.Timestamp).CompareTo((a.Importance, a.Timestamp)));
                        _storage.RemoveRange(_maxEntries, _storage.Count - _maxEntries);
                        var cutoff = DateTime.UtcNow - _retention;
                        _storage.RemoveAll(e => e.Timestamp <= cutoff && e.Importance <= 0.8);
                    }

                    public (int Total, int Max, double UsagePercent) GetStats() =>
                        (_storage.Count, _maxEntries, _storage.Count * 100.0 / _maxEntries);
                }
                """);
        }

        [Fact]
        public async Task Long_term_memory_that_only_notices_it_is_over_its_maximum_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class LongTermMemory
                {
                    private readonly int _maxEntries = 10_000;
                    private readonly List<MemoryEntry> {|#0:_storage|} = new List<MemoryEntry>();

                    public void Store(MemoryEntry entry)
                    {
                        _storage.Add(entry with { Timestamp = DateTime.UtcNow });
                        if (_storage.Count > _maxEntries)
                        {
                            Console.WriteLine($"long-term memory over its maximum: {_storage.Count} entries");
                        }
                    }

                    public double UsagePercent => _storage.Count * 100.0 / _maxEntries;
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_storage", "Add", "Store"));
        }

        [Fact]
        public async Task The_seeds_long_term_memory_index_is_reported()
        {
            // The rules text's own index: entries, embeddings and a tag index, none of which is ever pruned.
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class LongTermMemoryIndex
                {
                    private readonly List<MemoryEntry> {|#0:_entries|} = new List<MemoryEntry>();
                    private readonly List<float[]> {|#1:_embeddings|} = new List<float[]>();
                    private readonly Dictionary<string, List<int>> {|#2:_index|} = new Dictionary<string, List<int>>();

                    public void Add(MemoryEntry entry, float[] embedding, IEnumerable<string> tags)
                    {
                        int id = _entries.Count;
                        _entries.Add(entry);
                        _embeddings.Add(embedding);
                        foreach (var tag in tags)
                        {
                            if (!_index.TryGetValue(tag, out var ids))
                            {
                                _index[tag] = ids = new List<int>();
                            }

                            ids.Add(id);
                        }
                    }

                    public IEnumerable<MemoryEntry> SearchByTag(string tag) =>
                        _index.TryGetValue(tag, out var ids) ? ids.Select(i => _entries[i]) : Enumerable.Empty<MemoryEntry>();

                    public int Dimensions => _embeddings.Count == 0 ? 0 : _embeddings[0].Length;
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_entries", "Add", "Add"),
                Diagnostic().WithLocation(1).WithArguments("_embeddings", "Add", "Add"),
                Diagnostic().WithLocation(2).WithArguments("_index", "indexer assignment", "Add"));
        }

        [Fact]
        public async Task Working_memory_popped_while_over_its_token_budget_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class WorkingMemory
                {
                    private const int MaxContextTokens = 4000;
                    private readonly List<string> _conversationContext = new List<string>();

                    public void AddToConversation(string message)
                    {
                        _conversationContext.Add(message);
                        if (EstimatedTokens > MaxContextTokens)
                        {
                            PruneConversation();
                        }
                    }

                    private void PruneConversation()
                    {
                        while (_conversationContext.Count > 1)
                        {
                            if (EstimatedTokens <= MaxContextTokens)
                            {
                                break;
                            }

                            _conversationContext.RemoveAt(0);
                        }
                    }

                    // About four characters a token.
                    private int EstimatedTokens => _conversationContext.Sum(m => m.Length) / 4;
                }
                """);
        }

        [Fact]
        public async Task Working_memory_that_only_measures_its_token_budget_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class WorkingMemory
                {
                    private const int MaxContextTokens = 4000;
                    private readonly List<string> {|#0:_conversationContext|} = new List<string>();

                    public void AddToConversation(string message)
                    {
                        _conversationContext.Add(message);
                        while (EstimatedTokens > MaxContextTokens && _conversationContext.Count > 1)
                        {
                            Console.WriteLine("over the token budget");
                            break;
                        }
                    }

                    private int EstimatedTokens => _conversationContext.Sum(m => m.Length) / 4;
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_conversationContext", "Add", "AddToConversation"));
        }

        [Fact]
        public async Task An_LRU_cache_that_evicts_the_least_recently_used_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class LruCache<TKey, TValue> where TKey : notnull
                {
                    private readonly int _maxItems;
                    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = new Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>>();
                    private readonly LinkedList<(TKey Key, TValue Value)> _order = new LinkedList<(TKey Key, TValue Value)>();

                    public LruCache(int maxItems = 1000) { _maxItems = maxItems; }

                    public bool TryGet(TKey key, out TValue value)
                    {
                        if (_map.TryGetValue(key, out var node))
                        {
                            _order.Remove(node);
                            _order.AddLast(node); // most recently used last
                            value = node.Value.Value;
                            return true;
                        }

                        value = default!;
                        return false;
                    }

                    public void Put(TKey key, TValue value)
                    {
                        if (_map.TryGetValue(key, out var existing))
                        {
                            _order.Remove(existing);
                            _map.Remove(key);
                        }

                        while (_map.Count >= _maxItems && _order.First is { } oldest)
                        {
                            _order.RemoveFirst();
                            _map.Remove(oldest.Value.Key);
                        }

                        _map[key] = _order.AddLast((key, value));
                    }
                }
                """);
        }

        [Fact]
        public async Task An_LRU_cache_that_never_evicts_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class LruCache<TKey, TValue> where TKey : notnull
                {
                    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> {|#0:_map|} = new Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>>();
                    private readonly LinkedList<(TKey Key, TValue Value)> _order = new LinkedList<(TKey Key, TValue Value)>();

                    public bool TryGet(TKey key, out TValue value)
                    {
                        if (_map.TryGetValue(key, out var node))
                        {
                            _order.Remove(node);
                            _order.AddLast(node);
                            value = node.Value.Value;
                            return true;
                        }

                        value = default!;
                        return false;
                    }

                    public void Put(TKey key, TValue value) => _map[key] = _order.AddLast((key, value));
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("_map", "indexer assignment", "Put"));
        }

        [Fact]
        public async Task Profiler_buffers_kept_as_ring_buffers_are_bounded_and_a_static_list_is_reported()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public static class Profiler
                {
                    private static readonly int s_max = int.TryParse(Environment.GetEnvironmentVariable("PROFILE_MAX"), out var max) ? max : 10_000;
                    private static readonly Queue<(string Name, TimeSpan Elapsed)> s_timings = new Queue<(string Name, TimeSpan Elapsed)>();
                    private static readonly List<(string Name, TimeSpan Elapsed)> {|#0:s_apiCalls|} = new List<(string Name, TimeSpan Elapsed)>();

                    public static void RecordTiming(string name, TimeSpan elapsed)
                    {
                        s_timings.Enqueue((name, elapsed));
                        while (s_timings.Count > s_max)
                        {
                            s_timings.Dequeue();
                        }
                    }

                    public static void RecordApiCall(string name, TimeSpan elapsed) => s_apiCalls.Add((name, elapsed));

                    public static TimeSpan Total => s_timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Elapsed) + s_apiCalls.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Elapsed);
                }
                """,
                Diagnostic().WithLocation(0).WithArguments("s_apiCalls", "Add", "RecordApiCall"));
        }

        [Fact]
        public async Task A_memory_monitor_whose_history_keeps_the_last_hour_is_bounded()
        {
            await Verify.VerifyAnalyzerAsync(Records + """
                public sealed class MemoryMonitor
                {
                    private List<(DateTime Timestamp, long Bytes)> _history = new List<(DateTime Timestamp, long Bytes)>();

                    public long Sample()
                    {
                        var bytes = GC.GetTotalMemory(forceFullCollection: false);
                        _history.Add((DateTime.UtcNow, bytes));
                        var cutoff = DateTime.UtcNow.AddHours(-1);
                        _history = _history.Where(h => h.Timestamp > cutoff).ToList();
                        return bytes;
                    }

                    public bool Growing() => _history.Count > 10 && _history[_history.Count - 1].Bytes - _history[_history.Count - 10].Bytes > 10 << 20;
                }
                """);
        }
    }
}
