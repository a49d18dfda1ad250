using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>The short forms most tests use; build a <see cref="AnalyzerTest{TAnalyzer}"/> for anything else.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            new AnalyzerTest<TAnalyzer> { TestCode = source, EditorConfig = editorConfig, LanguageVersion = languageVersion }.RunAsync();
    }

    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, editorConfig, languageVersion);

        public static Task VerifyCodeFixAsync(string source, string fixedSource, LanguageVersion languageVersion = LanguageVersion.Latest, string? editorConfig = null) =>
            new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource, LanguageVersion = languageVersion, EditorConfig = editorConfig }.RunAsync();

        public static Task VerifyNoCodeFixAsync(string source, LanguageVersion languageVersion = LanguageVersion.Latest, string? editorConfig = null) =>
            new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, ExpectNoFix = true, LanguageVersion = languageVersion, EditorConfig = editorConfig }.RunAsync();
    }
}
