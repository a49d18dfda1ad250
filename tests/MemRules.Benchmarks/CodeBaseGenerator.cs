using System;
using System.Collections.Generic;
using System.Text;

namespace MemRules.Benchmarks
{
    /// <summary>A generated code base: files, their total line count and how many mistakes of each kind were planted.</summary>
    public sealed class GeneratedCodeBase
    {
        public List<(string Path, string Text)> Files { get; } = new List<(string Path, string Text)>();

        public int Lines { get; internal set; }

        /// <summary>Planted mistakes by kind (local, finally, field, event, collection) and correct try/finally releases (style).</summary>
        public SortedDictionary<string, int> Planted { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        internal void Plant(string kind) => Planted[kind] = Planted.TryGetValue(kind, out var n) ? n + 1 : 1;
    }

    /// <summary>
    /// Deterministic (seeded) generator of realistic C# code bases: services with disposable locals and
    /// fields, try/finally, events and subscriptions, collection fields, async code, plain computation;
    /// mostly correct code with a few leaks (about one method in twelve, one type in eight). The code
    /// compiles against the .NET reference assemblies alone. Used by the benchmark and by the reliability tests.
    /// </summary>
    public static class CodeBaseGenerator
    {
        public const string Usings = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            """;

        /// <summary>Generates files of about 250 lines each until the code base has at least <paramref name="targetLines"/> lines.</summary>
        public static GeneratedCodeBase Generate(int seed, int targetLines)
        {
            var random = new Random(seed);
            var result = new GeneratedCodeBase();
            for (int i = 0; result.Lines < targetLines; i++)
            {
                var text = Usings + Module(random, i, result, "Module");
                result.Files.Add(($"Module{i:D4}.cs", text));
                result.Lines += CountLines(text);
            }

            return result;
        }

        /// <summary>One file of at least <paramref name="targetLines"/> lines: many modules in one compilation unit.</summary>
        public static string LongFile(int seed, int targetLines, string prefix = "Long")
        {
            var random = new Random(seed);
            var sink = new GeneratedCodeBase();
            var text = new StringBuilder(Usings);
            int lines = CountLines(Usings);
            for (int i = 0; lines < targetLines; i++)
            {
                var module = Module(random, i, sink, prefix);
                text.Append(module);
                lines += CountLines(module);
            }

            return text.ToString();
        }

        public static int CountLines(string text)
        {
            int n = 0;
            foreach (var c in text)
            {
                if (c == '\n')
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>A namespace with an event hub, a service that owns fields and subscribes, and a helper type.</summary>
        private static string Module(Random random, int index, GeneratedCodeBase plan, string prefix)
        {
            var b = new StringBuilder();
            var ns = $"Generated.{prefix}{index:D4}";
            b.Append($"namespace {ns}\n{{\n");
            b.Append($$"""
                    public static class Hub{{index}}
                    {
                        public static event EventHandler<string>? Changed;

                        public static void Raise(string value) => Changed?.Invoke(null, value);
                    }

                    public sealed class Options{{index}}
                    {
                        public string Root { get; set; } = ".";
                        public int Retries { get; set; } = 3;
                        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
                    }


                """);

            b.Append(Service(random, index, plan));
            b.Append(Helper(random, index, plan));
            b.Append("}\n");
            return b.ToString();
        }

        private static string Service(Random random, int index, GeneratedCodeBase plan)
        {
            var name = $"Service{index}";
            bool forgetsField = random.Next(8) == 0;
            bool forgetsUnsubscribe = random.Next(8) == 0;
            bool unboundedHistory = random.Next(8) == 0;
            if (forgetsField)
            {
                plan.Plant("field");
            }

            if (forgetsUnsubscribe)
            {
                plan.Plant("event");
            }

            if (unboundedHistory)
            {
                plan.Plant("collection");
            }

            var b = new StringBuilder();
            b.Append($$"""
                    public sealed class {{name}} : IDisposable
                    {
                        private readonly Options{{index}} _options;
                        private readonly FileStream _journal;
                        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                        private readonly CancellationTokenSource _shutdown = new CancellationTokenSource();
                        private readonly HttpClient _client;
                        private readonly List<string> _recent = new List<string>();
                        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
                        private readonly List<string> _history = new List<string>();
                        private int _version;
                        private bool _disposed;

                        public {{name}}(Options{{index}} options, HttpClient client)
                        {
                            _options = options;
                            _client = client;
                            _journal = new FileStream(Path.Combine(options.Root, "journal{{index}}.log"), FileMode.Append, FileAccess.Write, FileShare.Read);
                            Hub{{index}}.Changed += OnChanged;
                        }

                        public int Version => _version;

                        private void OnChanged(object? sender, string value)
                        {
                            Interlocked.Increment(ref _version);
                            lock (_recent)
                            {
                                _recent.Add(value);
                                if (_recent.Count > 100)
                                {
                                    _recent.RemoveAt(0);
                                }
                            }

                            _history.Add(value);

                """);
            if (!unboundedHistory)
            {
                b.Append("""
                                if (_history.Count > 1000)
                                {
                                    _history.Clear();
                                }

                    """);
            }

            b.Append("""
                        }


                """);

            int methods = 6 + random.Next(5);
            for (int m = 0; m < methods; m++)
            {
                b.Append(Method(random, m, plan));
                b.Append('\n');
            }

            b.Append("""
                        public void Dispose()
                        {
                            if (_disposed)
                            {
                                return;
                            }

                            _disposed = true;

                """);
            if (!forgetsUnsubscribe)
            {
                b.Append($"                Hub{index}.Changed -= OnChanged;\n");
            }

            if (!forgetsField)
            {
                b.Append("                _journal.Dispose();\n");
            }

            b.Append("""
                            _gate.Dispose();
                            _shutdown.Cancel();
                            _shutdown.Dispose();
                        }
                    }


                """);
            return b.ToString();
        }

        /// <summary>A type that is not disposable: correct (borrows its resources) or leaking (creates a timer it never disposes).</summary>
        private static string Helper(Random random, int index, GeneratedCodeBase plan)
        {
            if (random.Next(8) == 0)
            {
                plan.Plant("field");
                return $$"""
                        public sealed class Poller{{index}}
                        {
                            private readonly Timer _timer;
                            private int _ticks;

                            public Poller{{index}}(TimeSpan period)
                            {
                                _timer = new Timer(_ => Interlocked.Increment(ref _ticks), null, period, period);
                            }

                            public int Ticks => Volatile.Read(ref _ticks);
                        }

                    """;
            }

            return $$"""
                    public static class Text{{index}}
                    {
                        public static string Normalize(string value)
                        {
                            if (string.IsNullOrWhiteSpace(value))
                            {
                                return string.Empty;
                            }

                            var builder = new StringBuilder(value.Length);
                            foreach (var c in value.Trim())
                            {
                                builder.Append(char.IsWhiteSpace(c) ? ' ' : char.ToLowerInvariant(c));
                            }

                            return builder.ToString();
                        }

                        public static IReadOnlyList<string> Words(string value) =>
                            value.Split(new[] { ' ', ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
                                .Select(w => w.Trim())
                                .Where(w => w.Length > 0)
                                .ToList();
                    }

                """;
        }

        private static string Method(Random random, int m, GeneratedCodeBase plan)
        {
            bool leak = random.Next(12) == 0;
            switch (random.Next(12))
            {
                case 0:
                    if (leak)
                    {
                        plan.Plant("local");
                    }

                    return $$"""
                                public string ReadAll{{m}}(string path)
                                {
                                    {{(leak ? "var" : "using var")}} reader = new StreamReader(Path.Combine(_options.Root, path));
                                    var text = reader.ReadToEnd();
                                    return text.Length > 0 ? text : string.Empty;
                                }

                        """;
                case 1:
                    plan.Plant(leak ? "finally" : "style");
                    return leak
                        ? $$"""
                                    public string? FirstLine{{m}}(string path)
                                    {
                                        var reader = new StreamReader(Path.Combine(_options.Root, path));
                                        var line = reader.ReadLine();
                                        reader.Dispose();
                                        return line;
                                    }

                            """
                        : $$"""
                                    public long Length{{m}}(string path)
                                    {
                                        var stream = File.OpenRead(Path.Combine(_options.Root, path));
                                        try
                                        {
                                            return stream.Length;
                                        }
                                        finally
                                        {
                                            stream.Dispose();
                                        }
                                    }

                            """;
                case 2:
                    if (leak)
                    {
                        plan.Plant("local");
                    }

                    return $$"""
                                public async Task<int> ReadHeader{{m}}Async(string path, CancellationToken token)
                                {
                                    {{(leak ? "var" : "await using var")}} stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                                    var buffer = new byte[256];
                                    int read = await stream.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
                                    return read;
                                }

                        """;
                case 3:
                    return $$"""
                                public async Task<string> Fetch{{m}}Async(Uri uri, CancellationToken token)
                                {
                                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                                    using var response = await _client.SendAsync(request, token).ConfigureAwait(false);
                                    response.EnsureSuccessStatusCode();
                                    return await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                                }

                        """;
                case 4:
                    return $$"""
                                public async Task Append{{m}}Async(string line, CancellationToken token)
                                {
                                    await _gate.WaitAsync(token).ConfigureAwait(false);
                                    try
                                    {
                                        var bytes = Encoding.UTF8.GetBytes(line + "\n");
                                        await _journal.WriteAsync(bytes, 0, bytes.Length, token).ConfigureAwait(false);
                                    }
                                    finally
                                    {
                                        _gate.Release();
                                    }
                                }

                        """;
                case 5:
                    if (leak)
                    {
                        plan.Plant("local");
                    }

                    return $$"""
                                public bool Wait{{m}}(TimeSpan timeout)
                                {
                                    {{(leak ? "var" : "using var")}} linked = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                                    linked.CancelAfter(timeout);
                                    return linked.Token.WaitHandle.WaitOne(0);
                                }

                        """;
                case 6:
                    return $$"""
                                public Stream Open{{m}}(string path)
                                {
                                    var stream = new FileStream(Path.Combine(_options.Root, path), FileMode.Open, FileAccess.Read);
                                    return stream;
                                }

                        """;
                case 7:
                    return $$"""
                                public string Write{{m}}(IEnumerable<string> lines)
                                {
                                    using (var buffer = new MemoryStream())
                                    using (var writer = new StreamWriter(buffer))
                                    {
                                        foreach (var line in lines)
                                        {
                                            writer.WriteLine(line);
                                        }

                                        writer.Flush();
                                        return Convert.ToBase64String(buffer.ToArray());
                                    }
                                }

                        """;
                case 8:
                    return $$"""
                                public int Count{{m}}(string key)
                                {
                                    lock (_counts)
                                    {
                                        _counts.TryGetValue(key, out var count);
                                        count++;
                                        if (_counts.Count > 512)
                                        {
                                            _counts.Clear();
                                        }

                                        _counts[key] = count;
                                        return count;
                                    }
                                }

                        """;
                case 9:
                    return $$"""
                                public IReadOnlyList<int> Primes{{m}}(int limit)
                                {
                                    var primes = new List<int>();
                                    for (int candidate = 2; candidate <= limit; candidate++)
                                    {
                                        bool prime = true;
                                        foreach (var p in primes)
                                        {
                                            if (p * p > candidate)
                                            {
                                                break;
                                            }

                                            if (candidate % p == 0)
                                            {
                                                prime = false;
                                                break;
                                            }
                                        }

                                        if (prime)
                                        {
                                            primes.Add(candidate);
                                        }
                                    }

                                    return primes;
                                }

                        """;
                case 10:
                    return $$"""
                                public async Task<int> Retry{{m}}Async(Func<CancellationToken, Task<int>> action, CancellationToken token)
                                {
                                    Exception? last = null;
                                    for (int attempt = 0; attempt < _options.Retries; attempt++)
                                    {
                                        try
                                        {
                                            return await action(token).ConfigureAwait(false);
                                        }
                                        catch (IOException e)
                                        {
                                            last = e;
                                            await Task.Delay(TimeSpan.FromMilliseconds(10 * (attempt + 1)), token).ConfigureAwait(false);
                                        }
                                    }

                                    throw new InvalidOperationException("retries exhausted", last);
                                }

                        """;
                default:
                    return $$"""
                                public string Summary{{m}}(IEnumerable<KeyValuePair<string, int>> items)
                                {
                                    var builder = new StringBuilder();
                                    foreach (var group in items.GroupBy(i => i.Key.Length).OrderBy(g => g.Key))
                                    {
                                        builder.Append(group.Key).Append(": ");
                                        builder.Append(string.Join(", ", group.Select(i => $"{i.Key}={i.Value}")));
                                        builder.AppendLine();
                                    }

                                    return builder.ToString();
                                }

                        """;
            }
        }

        /// <summary>The pathological shapes of issue 7, each one compilation unit.</summary>
        public static class Shapes
        {
            /// <summary>
            /// One method of <paramref name="statements"/> statements: every fifth declares a disposable local
            /// (of a type that is not excluded, so the rules have candidates) that is used and disposed further down,
            /// in straight-line code or, with <paramref name="releaseOnBranches"/>, on both branches of an if
            /// (which only a control flow graph can follow).
            /// </summary>
            public static string LongMethod(int statements, bool releaseOnBranches = false)
            {
                var b = new StringBuilder(Usings);
                b.Append("public static class LongMethod\n{\n    public static int Run(string path)\n    {\n        int total = 0;\n");
                for (int i = 0; i < statements; i++)
                {
                    switch (i % 5)
                    {
                        case 0:
                            b.Append($"        var s{i} = new FileStream(path, FileMode.Open);\n");
                            break;
                        case 1:
                            b.Append($"        using var r{i} = new StreamReader(path);\n");
                            break;
                        case 2:
                            b.Append($"        total += s{i - 2}.ReadByte() + r{i - 1}.Peek();\n");
                            break;
                        case 3:
                            b.Append($"        if (total > {i}) {{ total -= {i}; }}\n");
                            break;
                        default:
                            b.Append(releaseOnBranches
                                ? $"        if (total > {i}) {{ s{i - 4}.Dispose(); }} else {{ s{i - 4}.Close(); }}\n"
                                : $"        s{i - 4}.Dispose();\n");
                            break;
                    }
                }

                b.Append("        return total;\n    }\n}\n");
                return b.ToString();
            }

            /// <summary>Lambdas nested <paramref name="depth"/> deep, each with a conditional and a disposable.</summary>
            public static string DeepNesting(int depth)
            {
                var b = new StringBuilder(Usings);
                b.Append("public static class Deep\n{\n    public static Func<int, int> Build(string path)\n    {\n        return x0 =>\n");
                for (int i = 1; i <= depth; i++)
                {
                    b.Append($"        {{ using var r{i} = new StreamReader(path); if (x{i - 1} > {i}) {{ return x{i - 1} > {i * 2} ? r{i}.Peek() : ((Func<int, int>)(x{i} =>\n");
                }

                b.Append("        x" + depth + " + 1\n");
                for (int i = depth; i >= 1; i--)
                {
                    b.Append($"        ))(x{i - 1}); }} return {i}; }}\n");
                }

                b.Append("        ;\n    }\n}\n");
                return b.ToString();
            }

            /// <summary>A type with <paramref name="count"/> fields, a quarter of them disposable and disposed.</summary>
            public static string ManyFields(int count)
            {
                var b = new StringBuilder(Usings);
                b.Append("public sealed class ManyFields : IDisposable\n{\n");
                for (int i = 0; i < count; i++)
                {
                    b.Append(i % 4 == 0
                        ? $"    private readonly FileStream _s{i} = new FileStream(\"f{i}\", FileMode.Create);\n"
                        : i % 4 == 1 ? $"    private readonly List<int> _l{i} = new List<int>();\n"
                        : i % 4 == 2 ? $"    private int _n{i};\n"
                        : $"    private string _t{i} = \"{i}\";\n");
                }

                b.Append("    public int Sum()\n    {\n        int sum = 0;\n");
                for (int i = 0; i < count; i++)
                {
                    b.Append(i % 4 == 0 ? $"        sum += (int)_s{i}.Length;\n"
                        : i % 4 == 1 ? $"        _l{i}.Add(sum); _l{i}.Clear();\n"
                        : i % 4 == 2 ? $"        sum += _n{i}++;\n"
                        : $"        sum += _t{i}.Length;\n");
                }

                b.Append("        return sum;\n    }\n\n    public void Dispose()\n    {\n");
                for (int i = 0; i < count; i += 4)
                {
                    b.Append($"        _s{i}.Dispose();\n");
                }

                b.Append("    }\n}\n");
                return b.ToString();
            }
        }
    }
}
