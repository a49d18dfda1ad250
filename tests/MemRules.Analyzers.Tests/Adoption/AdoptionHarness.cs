using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Reliability;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MemRules.Analyzers.Tests.Adoption
{
    /// <summary>
    /// Runs every analyzer and the suppressor of the package over sources at given paths, with analyzer options as
    /// MSBuild passes them (build properties, .editorconfig keys) and additional files: what the test-default and
    /// baseline tests need that a verifier does not give (suppressed diagnostics, a baseline file).
    /// </summary>
    internal static class AdoptionHarness
    {
        public const string Folder = "/repo/src";

        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
            IEnumerable<(string Path, string Code)> sources, IDictionary<string, string>? options = null, params (string Path, string Text)[] additionalFiles)
        {
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Code, new CSharpParseOptions(LanguageVersion.Latest), s.Path)).ToList();
            var compilation = CSharpCompilation.Create("Adoption", trees, TestProject.References, TestProject.CompilationOptions(LanguageVersion.Latest));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));

            var analyzerOptions = new AnalyzerOptions(
                additionalFiles.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray(),
                new Options(options ?? new Dictionary<string, string>()));
            var crashes = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(AllRules.Analyzers, new CompilationWithAnalyzersOptions(
                analyzerOptions,
                onAnalyzerException: (ex, analyzer, _) => { lock (crashes) { crashes.Add($"{analyzer.GetType().Name}: {ex}"); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            crashes.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
            Assert.True(crashes.Count == 0, string.Join("\n", crashes));
            return diagnostics
                .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }

        public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string code, IDictionary<string, string>? options = null, params (string Path, string Text)[] additionalFiles) =>
            AnalyzeAsync(new[] { (Folder + "/Code.cs", code) }, options, additionalFiles);

        public static IEnumerable<Diagnostic> Of(this IEnumerable<Diagnostic> diagnostics, string id) => diagnostics.Where(d => d.Id == id);

        /// <summary>The same keys for every file and for the project, as a generated MSBuild editorconfig gives them.</summary>
        private sealed class Options : AnalyzerConfigOptionsProvider
        {
            private readonly AnalyzerConfigOptions _options;

            public Options(IDictionary<string, string> values) => _options = new Values(values);

            public override AnalyzerConfigOptions GlobalOptions => _options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

            private sealed class Values : AnalyzerConfigOptions
            {
                private readonly IDictionary<string, string> _values;

                public Values(IDictionary<string, string> values) => _values = values;

                public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
            }
        }

        private sealed class InMemoryText : AdditionalText
        {
            private readonly SourceText _text;

            public InMemoryText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }
    }
}
