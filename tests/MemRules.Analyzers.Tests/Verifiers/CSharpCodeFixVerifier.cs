using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// The short forms of Microsoft.CodeAnalysis.Testing's code fix test the rule tests use, on
    /// <see cref="TestProject"/>; build a <see cref="Test"/> for anything else.
    /// </summary>
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer>.Diagnostic();

        public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer>.Diagnostic(diagnosticId);

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer>.Diagnostic(descriptor);

        public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, editorConfig, languageVersion);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
            CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

        public static Task VerifyAnalyzerAsync(string source, DiagnosticResult[] expected, string? editorConfig, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected, editorConfig, languageVersion);

        /// <summary>
        /// The fix, applied one diagnostic at a time and as fix-all in document, project and solution scope,
        /// turns <paramref name="source"/> into <paramref name="fixedSource"/>, with LF and with CRLF line endings.
        /// </summary>
        public static Task VerifyCodeFixAsync(
            string source, string fixedSource, LanguageVersion languageVersion = LanguageVersion.Latest, string? editorConfig = null,
            int numberOfIncrementalIterations = 1) =>
            new Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                LanguageVersion = languageVersion,
                EditorConfig = editorConfig,
                NumberOfIncrementalIterations = numberOfIncrementalIterations,
            }.RunAsync();

        /// <summary>The marked diagnostics are reported and no fix is offered for them.</summary>
        public static Task VerifyNoCodeFixAsync(string source, LanguageVersion languageVersion = LanguageVersion.Latest, string? editorConfig = null) =>
            new Test { TestCode = source, ExpectNoFix = true, LanguageVersion = languageVersion, EditorConfig = editorConfig }.RunAsync();

        /// <summary>
        /// A code fix test that runs twice, with every source (and fixed source) in LF and then in CRLF, so
        /// that a fix must keep the line endings of the document it changes. Unless a test says otherwise,
        /// the fix is expected to take exactly one iteration, one diagnostic at a time and as fix-all.
        /// </summary>
        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                TestProject.Configure(this, () => LanguageVersion);
                NumberOfIncrementalIterations = 1;
                NumberOfFixAllIterations = 1;
            }

            public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

            /// <summary>.editorconfig lines for <c>[*.cs]</c> (or a whole file when it has a section header).</summary>
            public string? EditorConfig { get; set; }

            /// <summary>The fixed state is the test state: no fix is offered, one by one or as fix-all.</summary>
            public bool ExpectNoFix { get; set; }

            protected override async Task RunImplAsync(CancellationToken cancellationToken)
            {
                var fixAll = new TCodeFix().GetFixAllProvider();
                if ((CodeFixTestBehaviors & (CodeFixTestBehaviors.SkipFixAllCheck | CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck)) != 0 ||
                    fixAll == null || new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution }.Except(fixAll.GetSupportedFixAllScopes()).Any())
                {
                    throw new XunitException($"{typeof(TCodeFix).Name}: fix-all must be checked in document, project and solution scope.");
                }

                TestProject.AddEditorConfig(TestState, EditorConfig);
                if (ExpectNoFix)
                {
                    FixedState.Sources.AddRange(TestState.Sources);
                    NumberOfIncrementalIterations = 0;
                    NumberOfFixAllIterations = 0;
                }

                foreach (var (name, newLine) in new[] { ("LF", "\n"), ("CRLF", "\r\n") })
                {
                    foreach (var sources in new[] { TestState.Sources, FixedState.Sources, BatchFixedState.Sources })
                    {
                        for (int i = 0; i < sources.Count; i++)
                        {
                            var (file, text) = sources[i];
                            var converted = text.ToString().Replace("\r\n", "\n").Replace("\n", newLine);
                            sources[i] = (file, SourceText.From(converted, text.Encoding, text.ChecksumAlgorithm));
                        }
                    }

                    try
                    {
                        await base.RunImplAsync(cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        throw new XunitException($"With {name} line endings: {ex.Message}", ex);
                    }
                }
            }
        }
    }
}
