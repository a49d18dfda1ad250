using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// The short forms of Microsoft.CodeAnalysis.Testing's analyzer test the rule tests use, on
    /// <see cref="TestProject"/>; build a <see cref="Test"/> for anything else.
    /// </summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

        public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

        public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            VerifyAnalyzerAsync(source, Array.Empty<DiagnosticResult>(), editorConfig, languageVersion);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
            VerifyAnalyzerAsync(source, expected, editorConfig: null);

        public static Task VerifyAnalyzerAsync(string source, DiagnosticResult[] expected, string? editorConfig, LanguageVersion languageVersion = LanguageVersion.Latest)
        {
            var test = new Test { TestCode = source, EditorConfig = editorConfig, LanguageVersion = languageVersion };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test() => TestProject.Configure(this, () => LanguageVersion);

            public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

            /// <summary>.editorconfig lines for <c>[*.cs]</c> (or a whole file when it has a section header).</summary>
            public string? EditorConfig { get; set; }

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                TestProject.AddEditorConfig(TestState, EditorConfig);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
