using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Benchmarks
{
    /// <summary>
    /// `bench`: times MemRules against IDisposableAnalyzers and CA2000/CA2213/CA1001 on the same
    /// compilation in one process, and the compiler alone; then scaling, pathological shapes and the
    /// latency of one document. Every figure is the median of N runs after one warm-up run.
    /// </summary>
    public static class Bench
    {
        public static readonly string[] CaRules = { "CA2000", "CA2213", "CA1001" };

        public static async Task<int> RunAsync(string[] args)
        {
            int lines = IntOption(args, "--lines", 100_000);
            int seed = IntOption(args, "--seed", 1);
            int runs = IntOption(args, "--runs", 3);
            var scales = (Option(args, "--scales") ?? "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var folder = Option(args, "--folder");
            int costRounds = IntOption(args, "--cost-rounds", 5);
            bool peers = !args.Contains("--no-peers");
            bool shapes = !args.Contains("--no-shapes") && folder == null;

            Console.WriteLine($"# MemRules benchmark: {Environment.ProcessorCount} cores, {RuntimeInfo()}, runs = warm-up + median of {runs}");
            var memRules = Program.AllAnalyzers();

            if (args.Contains("--shapes-only"))
            {
                await ShapesAsync(memRules, runs, seed);
                return 0;
            }

            if (folder != null)
            {
                var compilation = SourceFolder.Compile(folder, includeTests: false);
                int folderLines = compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
                Console.WriteLine($"\n## {folder}: {compilation.SyntaxTrees.Count()} files, {folderLines:N0} lines, {compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error):N0} compiler errors (types from missing packages)");
                await CompareAsync(compilation, folderLines, memRules, peers, runs, costRounds, planted: null);
                return 0;
            }

            GeneratedCodeBase? first = null;
            var scaling = new List<(int Scale, int Lines, double MemRulesMs, double MinMs, double CompileMs)>();
            var perRule = new List<(int Scale, int Lines, Dictionary<string, (string Ids, double Ms)> Rules)>();
            foreach (var scale in scales)
            {
                var codeBase = CodeBaseGenerator.Generate(seed, lines * scale);
                var compilation = Compile(codeBase);
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    Console.Error.WriteLine($"the generated code does not compile: {errors[0]}");
                    return 1;
                }

                if (first == null)
                {
                    first = codeBase;
                    Console.WriteLine($"\n## Generated code base, seed {seed}: {codeBase.Files.Count} files, {codeBase.Lines:N0} lines; planted: " +
                        string.Join(", ", codeBase.Planted.Select(p => $"{p.Key} {p.Value}")));
                    var (mem, compile) = await CompareAsync(compilation, codeBase.Lines, memRules, peers, runs, costRounds, codeBase.Planted);
                    scaling.Add((scale, codeBase.Lines, mem.AnalyzerMs, mem.MinAnalyzerMs, compile.AnalyzerMs));
                    perRule.Add((scale, codeBase.Lines, mem.PerAnalyzer));
                }
                else
                {
                    // The compiler is timed at 1x only: at 4x it alone takes minutes on a shared 2-core machine.
                    var mem = await MedianAsync(runs, () => AnalyzeAsync(compilation, memRules));
                    scaling.Add((scale, codeBase.Lines, mem.AnalyzerMs, mem.MinAnalyzerMs, double.NaN));
                    perRule.Add((scale, codeBase.Lines, mem.PerAnalyzer));
                }
            }

            Console.WriteLine("\n## Scaling (MemRules analyzer time per line; target: 4x within 20% of 1x)\n");
            Console.WriteLine("| size | lines | MemRules ms (median) | µs/line | MemRules ms (min) | µs/line | compile ms | µs/line | per line vs 1x (median / min) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var s in scaling)
            {
                double perLine = s.MemRulesMs * 1000 / s.Lines;
                double basePerLine = scaling[0].MemRulesMs * 1000 / scaling[0].Lines;
                double minPerLine = s.MinMs * 1000 / s.Lines;
                double baseMinPerLine = scaling[0].MinMs * 1000 / scaling[0].Lines;
                var compile = double.IsNaN(s.CompileMs) ? "| – | – " : $"| {s.CompileMs:F0} | {s.CompileMs * 1000 / s.Lines:F2} ";
                Console.WriteLine($"| {s.Scale}x | {s.Lines:N0} | {s.MemRulesMs:F0} | {perLine:F2} | {s.MinMs:F0} | {minPerLine:F2} {compile}| {perLine / basePerLine * 100:F0}% / {minPerLine / baseMinPerLine * 100:F0}% |");
            }

            // Which rule grows faster than the code, if one does.
            Console.WriteLine("\n| rule | " + string.Join(" | ", perRule.Select(r => $"{r.Scale}x µs/line")) + " | last vs 1x |");
            Console.WriteLine("|---|" + string.Concat(perRule.Select(_ => "---|")) + "---|");
            foreach (var rule in perRule[0].Rules.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                var perLine = perRule.Select(r => r.Rules[rule].Ms * 1000 / r.Lines).ToList();
                Console.WriteLine($"| {perRule[0].Rules[rule].Ids} | " + string.Join(" | ", perLine.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))) + $" | {perLine[^1] / perLine[0] * 100:F0}% |");
            }

            if (shapes)
            {
                await ShapesAsync(memRules, runs, seed);
            }

            return 0;
        }

        /// <summary>MemRules, the peers and the compiler on one compilation; returns MemRules' and the compiler's times.</summary>
        private static async Task<(Result MemRules, Result Compile)> CompareAsync(
            CSharpCompilation compilation, int lines, ImmutableArray<DiagnosticAnalyzer> memRules, bool peers, int runs, int costRounds, IDictionary<string, int>? planted)
        {
            var compile = await MedianAsync(runs, () => CompileAsync(compilation));
            var mem = await MedianAsync(runs, () => AnalyzeAsync(compilation, memRules));
            Result? idisp = null, ca = null;
            if (peers)
            {
                idisp = await MedianAsync(runs, () => AnalyzeAsync(compilation, Peers.IDisposableAnalyzers()));
                ca = await MedianAsync(runs, () => AnalyzeAsync(WithRulesOn(compilation, CaRules), Peers.CaAnalyzers(CaRules)));
            }

            Console.WriteLine("\n| analyzer | rules | analyzer time ms | µs/line | reports |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var a in mem.PerAnalyzer.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"| MemRules {a.Key} | {a.Value.Ids} | {a.Value.Ms:F0} | {a.Value.Ms * 1000 / lines:F2} | {Counts(mem.Diagnostics, a.Value.Ids)} |");
            }

            Row("MemRules, all rules", string.Join(", ", memRules.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)), mem, lines);
            if (idisp != null && ca != null)
            {
                Row("IDisposableAnalyzers 4.0.8", "IDISP001–IDISP025", idisp, lines);
                Row("NetAnalyzers 10.0.111", string.Join(", ", CaRules), ca, lines);
            }

            Console.WriteLine($"| compiler (GetDiagnostics + Emit), no analyzers | | {compile.AnalyzerMs:F0} | {compile.AnalyzerMs * 1000 / lines:F2} | |");
            Console.WriteLine();
            if (idisp != null && ca != null)
            {
                Console.WriteLine($"- MemRules / IDisposableAnalyzers: {Ratio(mem, idisp)} (target ≤ 5%)");
                Console.WriteLine($"- MemRules / CA2000+CA2213+CA1001: {Ratio(mem, ca)} (target ≤ 30%)");
            }

            Console.WriteLine($"- MemRules / compilation: {mem.AnalyzerMs / compile.AnalyzerMs * 100:F1}% (target ≤ 10%)");
            Console.WriteLine($"- wall time with analyzers (includes binding): MemRules {mem.WallMs:F0} ms" +
                (idisp != null && ca != null ? $", IDisposableAnalyzers {idisp.WallMs:F0} ms, CA rules {ca.WallMs:F0} ms" : string.Empty));
            if (planted != null)
            {
                Console.WriteLine($"- planted mistakes: {string.Join(", ", planted.Select(p => $"{p.Key} {p.Value}"))} " +
                    "(local = MEM001/CA2000/IDISP001, finally = MEM003, field = MEM002/CA2213/CA1001/IDISP002/IDISP006, event = MEM006, collection = MEM005, style = MEM004)");
            }

            if (costRounds > 0)
            {
                var callbacks = new Dictionary<string, double> { [MemRulesSet] = mem.AnalyzerMs };
                if (idisp != null && ca != null)
                {
                    callbacks[IdispSet] = idisp.AnalyzerMs;
                    callbacks[CaSet] = ca.AnalyzerMs;
                }

                var costs = await AddedCost.MeasureAsync(compilation, MainSets(memRules, peers), costRounds, Console.Error.WriteLine);
                PrintAddedCost(costs, lines, costRounds, callbacks);
            }

            return (mem, compile);
        }

        public const string MemRulesSet = "MemRules, all rules";
        public const string IdispSet = "IDisposableAnalyzers 4.0.8";
        public const string CaSet = "CA2000 + CA2213 + CA1001";

        /// <summary>MemRules and, with <paramref name="peers"/>, IDisposableAnalyzers and the three CA rules.</summary>
        public static IReadOnlyList<AnalyzerSet> MainSets(ImmutableArray<DiagnosticAnalyzer> memRules, bool peers)
        {
            var sets = new List<AnalyzerSet> { new AnalyzerSet(MemRulesSet, memRules) };
            if (peers)
            {
                sets.Add(new AnalyzerSet(IdispSet, Peers.IDisposableAnalyzers()));
                sets.Add(new AnalyzerSet(CaSet, Peers.CaAnalyzers(CaRules), c => WithRulesOn(c, CaRules)));
            }

            return sets;
        }

        /// <summary>
        /// `cost`: the added time of analyzer sets alone (no callback timing, scaling or shapes): `--sets`
        /// main (MemRules and the peers), probes (one registration kind each) and rules (MemRules with one rule on).
        /// </summary>
        public static async Task<int> CostAsync(string[] args)
        {
            int rounds = IntOption(args, "--rounds", 5);
            var folder = Option(args, "--folder");
            var which = (Option(args, "--sets") ?? "main").Split(',');
            Console.WriteLine($"# MemRules added cost: {Environment.ProcessorCount} cores, {RuntimeInfo()}, server GC {System.Runtime.GCSettings.IsServerGC}, warm-up round + {rounds} alternating rounds");
            CSharpCompilation compilation;
            int lines;
            if (folder != null)
            {
                compilation = SourceFolder.Compile(folder, includeTests: false);
                lines = compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
                Console.WriteLine($"\n## {folder}: {compilation.SyntaxTrees.Count()} files, {lines:N0} lines, {compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error):N0} compiler errors (types from missing packages)");
            }
            else
            {
                var codeBase = CodeBaseGenerator.Generate(IntOption(args, "--seed", 1), IntOption(args, "--lines", 100_000));
                compilation = Compile(codeBase);
                lines = codeBase.Lines;
                Console.WriteLine($"\n## Generated code base: {codeBase.Files.Count} files, {lines:N0} lines");
            }

            var memRules = Program.AllAnalyzers();
            var sets = new List<AnalyzerSet>();
            if (which.Contains("main"))
            {
                sets.AddRange(MainSets(memRules, peers: !args.Contains("--no-peers")));
            }

            if (which.Contains("floor"))
            {
                sets.Add(Probes.SingleRules(memRules).Last());
            }

            if (which.Contains("probes"))
            {
                // --probes a1,c3: only those, by the tag their names start with
                var only = Option(args, "--probes")?.Split(',').Select(t => $"({t})").ToList();
                sets.AddRange(Probes.All().Where(p => only == null || only.Any(t => p.Name.StartsWith(t, StringComparison.Ordinal))));
            }

            if (which.Contains("rules"))
            {
                if (!which.Contains("main"))
                {
                    sets.Add(new AnalyzerSet(MemRulesSet, memRules));
                }

                var single = Probes.SingleRules(memRules);
                await PrintExecutedAnalyzersAsync(compilation, single);
                sets.AddRange(single);
            }

            var costs = await AddedCost.MeasureAsync(compilation, sets, rounds, Console.Error.WriteLine);
            PrintAddedCost(costs, lines, rounds, callbacks: null);
            return 0;
        }

        /// <summary>Which analyzers the driver runs at all under each set's options: a suppressed rule's analyzer must not run.</summary>
        private static async Task PrintExecutedAnalyzersAsync(Compilation compilation, IReadOnlyList<AnalyzerSet> sets)
        {
            Console.WriteLine("\nAnalyzers the driver ran (time in their callbacks of at least 0.5 ms; a suppressed analyzer shows a few ticks of initialization at most), per set:");
            foreach (var set in sets)
            {
                var cwa = set.Configure(compilation).Clone().WithAnalyzers(set.Analyzers, Options(logTime: true));
                var result = await cwa.GetAnalysisResultAsync(CancellationToken.None);
                var times = set.Analyzers.Select(a => (Name: a.GetType().Name.Substring(0, 6), Ms: result.AnalyzerTelemetryInfo.TryGetValue(a, out var t) ? t.ExecutionTime.TotalMilliseconds : 0)).ToList();
                var ran = times.Where(t => t.Ms >= 0.5).Select(t => $"{t.Name} {t.Ms:F0} ms");
                var reported = result.GetAllDiagnostics().GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}");
                Console.WriteLine($"- {set.Name}: ran {string.Join(", ", ran.DefaultIfEmpty("none"))} (the others {times.Where(t => t.Ms < 0.5).Sum(t => t.Ms):F2} ms together); reported {string.Join(" ", reported.DefaultIfEmpty("nothing"))}");
            }
        }

        /// <summary>Per set: callback time (when known), wall time, added time, allocations and collections.</summary>
        public static void PrintAddedCost(IReadOnlyList<SetCost> costs, int lines, int rounds, IReadOnlyDictionary<string, double>? callbacks)
        {
            var none = costs[0];
            Console.WriteLine($"\n### Added time: compilation + analysis minus the compilation alone (fresh compilation per round, concurrent analysis, then Emit; {rounds} alternating rounds after a warm-up)\n");
            Console.WriteLine("| set | callback ms | compile + analysis ms | added ms (median of paired differences) | paired min–max | added ms per 100k lines | added / compile alone | CPU ms | added CPU ms | added CPU / compile alone's | allocated MB | added MB | GCs gen0/1/2 |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var c in costs)
            {
                bool isNone = c == none;
                var callback = callbacks != null && callbacks.TryGetValue(c.Set.Name, out var ms) ? ms.ToString("F0", CultureInfo.InvariantCulture) : isNone ? "–" : "(not timed)";
                Console.WriteLine($"| {c.Set.Name} | {callback} | {c.MedianWallMs:F0} | " +
                    (isNone ? "– | – | – | – " : $"**{c.MedianAddedMs:F0}** | {c.AddedMs.Min():F0} – {c.AddedMs.Max():F0} | {c.MedianAddedMs * 100_000 / lines:F0} | {c.MedianAddedRatio * 100:F1}% ") +
                    $"| {c.MedianCpuMs:F0} | " + (isNone ? "– | – " : $"{c.MedianAddedCpuMs:F0} | {c.MedianAddedCpuRatio * 100:F1}% ") +
                    $"| {c.MedianAllocatedBytes / 1e6:F0} | {(isNone ? "–" : (c.MedianAddedBytes / 1e6).ToString("F0", CultureInfo.InvariantCulture))} | {c.MedianGen0:F0}/{c.MedianGen1:F0}/{c.MedianGen2:F0} |");
            }

            Console.WriteLine();
            var mem = costs.FirstOrDefault(c => c.Set.Name == MemRulesSet);
            foreach (var peer in costs.Where(c => c.Set.Name == IdispSet || c.Set.Name == CaSet))
            {
                if (mem != null)
                {
                    var perRound = mem.AddedMs.Zip(peer.AddedMs, (m, p) => m / p).ToList();
                    var perRoundCpu = mem.AddedCpuMs.Zip(peer.AddedCpuMs, (m, p) => m / p).ToList();
                    Console.WriteLine($"- MemRules / {peer.Set.Name} by added time: {mem.MedianAddedMs / peer.MedianAddedMs * 100:F0}% (ratio of the medians; per round {perRound.Min() * 100:F0}%–{perRound.Max() * 100:F0}%, median {AddedCost.Median(perRound) * 100:F0}%); " +
                        $"by added CPU time: {mem.MedianAddedCpuMs / peer.MedianAddedCpuMs * 100:F0}% (per round {perRoundCpu.Min() * 100:F0}%–{perRoundCpu.Max() * 100:F0}%)");
                }
            }

            Console.WriteLine($"- compiler alone: median {none.MedianWallMs:F0} ms ({none.Samples.Min(s => s.WallMs):F0}–{none.Samples.Max(s => s.WallMs):F0}), {none.MedianWallMs * 1000 / lines:F1} µs/line, CPU {none.MedianCpuMs:F0} ms; gen0 counts include gen1 and gen2 collections");
        }

        private static void Row(string name, string rules, Result r, int lines) =>
            Console.WriteLine($"| **{name}** | {rules} | **{r.AnalyzerMs:F0}** | {r.AnalyzerMs * 1000 / lines:F2} | {Counts(r.Diagnostics, null)} |");

        private static string Ratio(Result a, Result b) => $"{a.AnalyzerMs / b.AnalyzerMs * 100:F1}%";

        private static string Counts(IReadOnlyDictionary<string, int> diagnostics, string? ids)
        {
            var selected = diagnostics.Where(d => ids == null || ids.Split(", ").Contains(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
            return selected.Count == 0 ? "0" : string.Join(" ", selected.Select(d => $"{d.Key}:{d.Value}"));
        }

        private static async Task ShapesAsync(ImmutableArray<DiagnosticAnalyzer> memRules, int runs, int seed)
        {
            Console.WriteLine("\n## Pathological shapes (MemRules, all rules; target < 1,000 ms each)\n");
            Console.WriteLine("| shape | lines | analyzer time ms | wall ms (with binding) | slowest rule ms |");
            Console.WriteLine("|---|---|---|---|---|");
            var shapes = new (string Name, string Code)[]
            {
                ("one method of 10,000 statements", CodeBaseGenerator.Shapes.LongMethod(10_000)),
                ("the same, released on both branches of an if (needs the graph)", CodeBaseGenerator.Shapes.LongMethod(10_000, releaseOnBranches: true)),
                ("lambdas and conditionals nested 50 deep", CodeBaseGenerator.Shapes.DeepNesting(50)),
                ("a type with 2,000 fields", CodeBaseGenerator.Shapes.ManyFields(2_000)),
                ("one file of 50,000 lines", CodeBaseGenerator.LongFile(seed, 50_000)),
            };
            foreach (var (name, code) in shapes)
            {
                var compilation = Compile(new[] { ("Shape.cs", code) });
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var r = await MedianAsync(runs, () => AnalyzeAsync(compilation, memRules));
                var slowest = r.PerAnalyzer.OrderByDescending(a => a.Value.Ms).First();
                Console.WriteLine($"| {name}{(errors.Count > 0 ? $" ({errors.Count} compiler errors!)" : string.Empty)} | {CodeBaseGenerator.CountLines(code):N0} | {r.AnalyzerMs:F0} | {r.WallMs:F0} | {slowest.Value.Ids} {slowest.Value.Ms:F0} |");
            }

            // IDE latency: the compiler has bound the document already (as the IDE has for its squiggles);
            // time the analyzers' semantic diagnostics for that one document, as the IDE asks for them.
            var project = CodeBaseGenerator.Generate(seed, 20_000);
            var document = ("Open.cs", CodeBaseGenerator.LongFile(seed + 1, 3_000, "Open"));
            var withDocument = Compile(project.Files.Append(document));
            var latency = await DocumentLatencyAsync(withDocument, memRules, runs);
            var baseline = await DocumentLatencyAsync(withDocument, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()), runs);
            Console.WriteLine($"\n## IDE latency: one {CodeBaseGenerator.CountLines(document.Item2):N0}-line document in a {project.Lines:N0}-line project (target < 100 ms)\n");
            Console.WriteLine($"- GetAnalyzerSemanticDiagnosticsAsync for one SemanticModel, all MemRules rules: median {latency.Wall:F0} ms wall, of which {latency.Analyzer:F0} ms in MemRules' callbacks");
            Console.WriteLine($"- the same call with a no-op analyzer registered for the same operations (the driver's own cost): median {baseline.Wall:F0} ms wall");
        }

        /// <summary>Median wall and analyzer time of the semantic diagnostics of Open.cs, after the compiler has bound it.</summary>
        private static async Task<(double Wall, double Analyzer)> DocumentLatencyAsync(Compilation withDocument, ImmutableArray<DiagnosticAnalyzer> analyzers, int runs)
        {
            var samples = new List<(double Wall, double Analyzer)>();
            for (int i = 0; i <= runs * 2; i++)
            {
                var cwa = withDocument.WithAnalyzers(analyzers, Options(logTime: true));
                var tree = cwa.Compilation.SyntaxTrees.Single(t => t.FilePath == "Open.cs");
                var model = cwa.Compilation.GetSemanticModel(tree);
                model.GetDiagnostics();
                var sw = Stopwatch.StartNew();
                await cwa.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None);
                var wall = sw.Elapsed.TotalMilliseconds;
                var telemetry = await Task.WhenAll(analyzers.Select(a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None)));
                if (i > 0)
                {
                    samples.Add((wall, telemetry.Sum(t => t.ExecutionTime.TotalMilliseconds)));
                }
            }

            return (Median(samples.Select(s => s.Wall)), Median(samples.Select(s => s.Analyzer)));
        }

        /// <summary>Registers for the operations the rules use and does nothing: what the analyzer driver costs by itself.</summary>
#pragma warning disable RS1001 // instantiated by the benchmark, never loaded by a compiler
        private sealed class NoOpAnalyzer : DiagnosticAnalyzer
        {
#pragma warning disable RS2008 // a benchmark probe, never shipped
            private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("NOOP001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterOperationAction(_ => { }, OperationKind.VariableDeclarator, OperationKind.ExpressionStatement, OperationKind.Invocation, OperationKind.ObjectCreation);
                context.RegisterSymbolStartAction(start => start.RegisterSymbolEndAction(_ => { }), SymbolKind.NamedType);
            }
        }
#pragma warning restore RS1001

        public static CSharpCompilation Compile(GeneratedCodeBase codeBase) => Compile(codeBase.Files);

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> files)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            return CSharpCompilation.Create(
                "Generated",
                files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.Path)),
                SourceFolder.ReferenceAssemblies(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        }

        public static Compilation WithRulesOn(Compilation compilation, string[] ids) =>
            compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                compilation.Options.SpecificDiagnosticOptions.SetItems(ids.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn)))));

        private sealed class Result
        {
            public double AnalyzerMs { get; set; }
            public double MinAnalyzerMs { get; set; }
            public double WallMs { get; set; }
            public Dictionary<string, (string Ids, double Ms)> PerAnalyzer { get; } = new Dictionary<string, (string, double)>();
            public Dictionary<string, int> Diagnostics { get; set; } = new Dictionary<string, int>();
        }

        private static CompilationWithAnalyzersOptions Options(bool logTime) =>
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (ex, a, d) => Console.Error.WriteLine($"CRASH {a.GetType().Name}: {ex}"),
                concurrentAnalysis: false, // one thread: per-analyzer times are not inflated by contention on a shared machine
                logAnalyzerExecutionTime: logTime);

        /// <summary>A fresh clone per run, so that no run profits from another's bound trees.</summary>
        private static async Task<Result> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var cwa = compilation.Clone().WithAnalyzers(analyzers, Options(logTime: true));
            var sw = Stopwatch.StartNew();
            var result = await cwa.GetAnalysisResultAsync(CancellationToken.None);
            var r = new Result { WallMs = sw.Elapsed.TotalMilliseconds };
            foreach (var analyzer in analyzers)
            {
                double ms = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var info) ? info.ExecutionTime.TotalMilliseconds : 0;
                r.AnalyzerMs += ms;
                r.PerAnalyzer[analyzer.GetType().Name] = (string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()), ms);
            }

            r.Diagnostics = result.GetAllDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden || d.Id.StartsWith("IDISP", StringComparison.Ordinal))
                .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            return r;
        }

        private static Task<Result> CompileAsync(Compilation compilation)
        {
            var sw = Stopwatch.StartNew();
            var clone = compilation.Clone();
            clone.GetDiagnostics();
            using var peStream = new MemoryStream();
            clone.Emit(peStream);
            return Task.FromResult(new Result { AnalyzerMs = sw.Elapsed.TotalMilliseconds, WallMs = sw.Elapsed.TotalMilliseconds });
        }

        private static async Task<Result> MedianAsync(int runs, Func<Task<Result>> run)
        {
            await run(); // warm-up: JIT, metadata
            var results = new List<Result>();
            for (int i = 0; i < runs; i++)
            {
                // A clean heap for each run: the garbage of the previous one (a whole clone of a 400,000-line
                // compilation at 4x) is otherwise collected inside whichever analyzer happens to run next.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                results.Add(await run());
            }

            var median = results.OrderBy(r => r.AnalyzerMs).ElementAt(results.Count / 2);
            foreach (var key in median.PerAnalyzer.Keys.ToList())
            {
                median.PerAnalyzer[key] = (median.PerAnalyzer[key].Ids, Median(results.Select(r => r.PerAnalyzer[key].Ms)));
            }

            median.WallMs = Median(results.Select(r => r.WallMs));
            median.MinAnalyzerMs = results.Min(r => r.AnalyzerMs);
            return median;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        private static string RuntimeInfo() => $".NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}";

        private static string? Option(string[] args, string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        internal static int IntOption(string[] args, string name, int defaultValue) =>
            Option(args, name) is { } v ? int.Parse(v.Replace("_", string.Empty), CultureInfo.InvariantCulture) : defaultValue;
    }

    /// <summary>The peers' analyzers, loaded from their restored NuGet packages (paths recorded at build time).</summary>
    public static class Peers
    {
        private static readonly Loader AssemblyLoader = new Loader();

        public static ImmutableArray<DiagnosticAnalyzer> IDisposableAnalyzers() =>
            Load(PackagePath("IDisposableAnalyzersPath"), "IDisposableAnalyzers.dll");

        public static ImmutableArray<DiagnosticAnalyzer> CaAnalyzers(string[] ids)
        {
            var dir = PackagePath("NetAnalyzersPath");
            // The C# assembly depends on the language-neutral one: load that first.
            var neutral = Load(dir, "Microsoft.CodeAnalysis.NetAnalyzers.dll");
            var csharp = Load(dir, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll");
            return neutral.Concat(csharp).Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id))).ToImmutableArray();
        }

        private static ImmutableArray<DiagnosticAnalyzer> Load(string packageDir, string dll)
        {
            var path = Path.Combine(packageDir, "analyzers", "dotnet", "cs", dll);
            var reference = new AnalyzerFileReference(path, AssemblyLoader);
            var errors = new List<string>();
            reference.AnalyzerLoadFailed += (_, e) => errors.Add($"{e.TypeName}: {e.Message}");
            var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
            if (analyzers.IsEmpty && errors.Count > 0)
            {
                throw new InvalidOperationException($"could not load {path}: {errors[0]}");
            }

            return analyzers;
        }

        private static string PackagePath(string key)
        {
            var value = typeof(Peers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
            if (string.IsNullOrEmpty(value) || !Directory.Exists(value))
            {
                throw new InvalidOperationException($"package folder '{key}' not found ('{value}'): restore tests/MemRules.Benchmarks");
            }

            return value;
        }

        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            private readonly HashSet<string> _directories = new HashSet<string>(StringComparer.Ordinal);

            public Loader() => AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                lock (_directories)
                {
                    foreach (var dir in _directories)
                    {
                        var candidate = Path.Combine(dir, name.Name + ".dll");
                        if (File.Exists(candidate))
                        {
                            return context.LoadFromAssemblyPath(candidate);
                        }
                    }
                }

                return null;
            };

            public void AddDependencyLocation(string fullPath)
            {
                lock (_directories)
                {
                    _directories.Add(Path.GetDirectoryName(fullPath)!);
                }
            }

            public Assembly LoadFromPath(string fullPath)
            {
                AddDependencyLocation(fullPath);
                return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
            }
        }
    }
}
