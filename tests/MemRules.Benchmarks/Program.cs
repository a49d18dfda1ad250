using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Benchmarks
{
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "scan")
            {
                return await ScanAsync(args[1], args.Skip(2).ToArray());
            }

            if (args.Length >= 1 && args[0] == "cost")
            {
                return await Bench.CostAsync(args.Skip(1).ToArray());
            }

            if (args.Length >= 2 && args[0] == "generate")
            {
                // The generated code base as files, for `scan`, a profiler or csc itself.
                var options = args.Skip(2).ToArray();
                var codeBase = CodeBaseGenerator.Generate(Bench.IntOption(options, "--seed", 1), Bench.IntOption(options, "--lines", 100_000));
                Directory.CreateDirectory(args[1]);
                foreach (var (path, text) in codeBase.Files)
                {
                    File.WriteAllText(Path.Combine(args[1], path), text);
                }

                Console.WriteLine($"{codeBase.Files.Count} files, {codeBase.Lines:N0} lines in {args[1]}");
                return 0;
            }

            if (args.Length >= 1 && args[0] == "bench")
            {
                return await Bench.RunAsync(args.Skip(1).ToArray());
            }

            Console.Error.WriteLine("usage: scan <folder> [--include-tests] [--test-project] [--only <subfolder>] [--severity Warning|Info] [--rule ID] [--peer idisp|ca]\n" +
                "       bench [--lines 100000] [--seed 1] [--runs 3] [--scales 1,2,4] [--no-peers] [--no-shapes] [--shapes-only] [--folder <dir>] [--cost-rounds 5]\n" +
                "       generate <dir> [--lines 100000] [--seed 1]\n" +
                "       cost [--lines 100000] [--seed 1] [--folder <dir>] [--rounds 5] [--sets main,probes,rules,floor] [--probes a1,c3] [--no-peers]");
            return 2;
        }

        /// <summary>
        /// Compiles every .cs file under a folder against the SDK's reference assemblies and lists MemRules'
        /// diagnostics, or with <c>--peer</c> those of IDisposableAnalyzers or CA2000/CA2213/CA1001, to compare.
        /// <c>--test-project</c> analyzes the compilation as MSBuild analyzes a test project: with
        /// <c>build_property.IsTestProject = true</c> in the analyzer options, so that the test defaults apply.
        /// </summary>
        private static async Task<int> ScanAsync(string folder, string[] options)
        {
            bool includeTests = options.Contains("--include-tests");
            var analyzerOptions = options.Contains("--test-project")
                ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestProjectOptions())
                : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
            var rule = options.SkipWhile(o => o != "--rule").Skip(1).FirstOrDefault();
            // --only Tests: the whole folder is compiled (the tests need the product's types), only findings below Tests/ are listed.
            var only = options.SkipWhile(o => o != "--only").Skip(1).FirstOrDefault()?.Replace('\\', '/').Trim('/');
            var severity = options.SkipWhile(o => o != "--severity").Skip(1).FirstOrDefault();
            var peer = options.SkipWhile(o => o != "--peer").Skip(1).FirstOrDefault();
            Compilation compilation = SourceFolder.Compile(folder, includeTests);
            ImmutableArray<DiagnosticAnalyzer> analyzers;
            switch (peer)
            {
                case null:
                    // With --rule only the analyzers that report it run, so a profile of the scan is that rule's.
                    analyzers = AllAnalyzers().Where(a => rule == null || a.SupportedDiagnostics.Any(d => d.Id == rule)).ToImmutableArray();
                    break;
                case "idisp":
                    analyzers = Peers.IDisposableAnalyzers();
                    break;
                case "ca":
                    analyzers = Peers.CaAnalyzers(Bench.CaRules);
                    compilation = Bench.WithRulesOn(compilation, Bench.CaRules);
                    break;
                default:
                    Console.Error.WriteLine("--peer is idisp or ca");
                    return 2;
            }

            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                analyzerOptions, onAnalyzerException: (ex, a, d) => Console.Error.WriteLine($"CRASH {a.GetType().Name}: {ex}"),
                concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = (await withAnalyzers.GetAnalyzerDiagnosticsAsync())
                .Where(d => rule == null || d.Id == rule)
                .Where(d => severity == null || string.Equals(d.Severity.ToString(), severity, StringComparison.OrdinalIgnoreCase))
                .Where(d => only == null || Path.GetRelativePath(folder, d.Location.SourceTree?.FilePath ?? folder).Replace('\\', '/').StartsWith(only + "/", StringComparison.Ordinal))
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            foreach (var d in diagnostics)
            {
                var span = d.Location.GetLineSpan();
                var path = Path.GetRelativePath(folder, span.Path);
                var line = d.Location.SourceTree!.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
                // Severity and resource kind, for the tables of what findings hold (docs/resource-kinds.md).
                d.Properties.TryGetValue("MemRules.ResourceKind", out var kind);
                Console.WriteLine($"{d.Id} {path}:{span.StartLinePosition.Line + 1}: [{d.Severity}{(kind == null ? string.Empty : "/" + kind)}] {d.GetMessage()}\n    {line}");
            }

            Console.WriteLine($"# {compilation.SyntaxTrees.Count()} files; " +
                string.Join(", ", diagnostics.GroupBy(d => d.Id).Select(g => $"{g.Key}: {g.Count()}")));
            Console.WriteLine("# by severity: " + string.Join(", ", diagnostics.GroupBy(d => (d.Id, d.Severity))
                .OrderBy(g => g.Key.Id, StringComparer.Ordinal).ThenByDescending(g => g.Key.Severity)
                .Select(g => $"{g.Key.Id} {g.Key.Severity} {g.Count()}")));
            return 0;
        }

        /// <summary>The options MSBuild gives the analyzers of a test project: <c>build_property.IsTestProject = true</c>, for every file.</summary>
        private sealed class TestProjectOptions : AnalyzerConfigOptionsProvider
        {
            private readonly AnalyzerConfigOptions _options = new IsTestProject();

            public override AnalyzerConfigOptions GlobalOptions => _options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

            private sealed class IsTestProject : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
                {
                    value = key == "build_property.IsTestProject" ? "true" : string.Empty;
                    return key == "build_property.IsTestProject";
                }
            }
        }

        public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
            typeof(MemRules.Analyzers.RuleIdentifiers).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
    }

    /// <summary>A folder of C# sources as one compilation against the running SDK's reference assemblies.</summary>
    public static class SourceFolder
    {
        public static CSharpCompilation Compile(string folder, bool includeTests)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
                .Where(f => includeTests || !IsTestPath(Path.GetRelativePath(folder, f)))
                .OrderBy(f => f, StringComparer.Ordinal);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, path: f)).ToList();
            var globalUsings = GlobalUsings(folder);
            if (globalUsings.Length > 0)
            {
                // What the SDK generates from <ImplicitUsings> and <Using Include>; without it most types stay unresolved.
                trees.Add(CSharpSyntaxTree.ParseText(globalUsings, parseOptions, path: Path.Combine(folder, "obj", "GlobalUsings.g.cs")));
            }

            return CSharpCompilation.Create(
                "Scanned",
                trees,
                ReferenceAssemblies(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        }

        private const string ImplicitUsings =
            "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
            "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

        /// <summary>
        /// The global usings the SDK would generate: asked for by the non-test project and props files below the
        /// folder, or by the props files of the folders above it (a repository's Directory.Build.props).
        /// </summary>
        private static string GlobalUsings(string folder)
        {
            var projectFiles = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal))
                .Where(f => !IsTestPath(Path.GetRelativePath(folder, f)))
                .Concat(PropsAbove(folder))
                .Select(File.ReadAllText)
                .ToList();
            var text = new System.Text.StringBuilder();
            if (projectFiles.Any(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"<ImplicitUsings>\s*(enable|true)\s*</ImplicitUsings>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)))
            {
                text.Append(ImplicitUsings);
            }

            var explicitUsings = projectFiles
                .SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t, @"<Using\s+Include=""([\w.]+)""\s*/>").Select(m => m.Groups[1].Value))
                .Where(n => n.StartsWith("System", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.Ordinal);
            foreach (var name in explicitUsings)
            {
                text.Append("global using ").Append(name).Append(";\n");
            }

            return text.ToString();
        }

        /// <summary>The props files of the folders above <paramref name="folder"/>, up to the repository's root.</summary>
        private static IEnumerable<string> PropsAbove(string folder)
        {
            for (var directory = Directory.GetParent(Path.GetFullPath(folder)); directory != null; directory = directory.Parent)
            {
                foreach (var props in directory.EnumerateFiles("*.props"))
                {
                    yield return props.FullName;
                }

                if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
                {
                    yield break;
                }
            }
        }

        private static bool IsTestPath(string relative) =>
            relative.Split('/', '\\').Any(p => p.Contains("Test", StringComparison.OrdinalIgnoreCase) || p.Contains("Benchmark", StringComparison.OrdinalIgnoreCase) || p.Equals("samples", StringComparison.OrdinalIgnoreCase) || p.Contains("Example", StringComparison.OrdinalIgnoreCase));

        public static IEnumerable<MetadataReference> ReferenceAssemblies()
        {
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var packs = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "packs"));
            var dirs = new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
                .Select(p => Path.Combine(packs, p))
                .Where(Directory.Exists)
                .Select(p => Directory.GetDirectories(p).OrderByDescending(d => d, StringComparer.Ordinal).First())
                .Select(p => Directory.GetDirectories(Path.Combine(p, "ref")).OrderByDescending(d => d, StringComparer.Ordinal).First());
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var dir in dirs)
            {
                foreach (var dll in Directory.GetFiles(dir, "*.dll"))
                {
                    if (seen.Add(Path.GetFileName(dll)))
                    {
                        yield return MetadataReference.CreateFromFile(dll);
                    }
                }
            }
        }
    }
}
