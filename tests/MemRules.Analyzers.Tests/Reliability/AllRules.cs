using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// Every analyzer and code fix of the package, found by reflection (so every rule merged later is
    /// covered), and the plumbing the reliability tests share: projects from plain sources, analysis that
    /// collects analyzer exceptions instead of throwing, and fixes as actions and as fix-all.
    /// </summary>
    public static class AllRules
    {
        public static Assembly AnalyzerAssembly { get; } = typeof(RuleIdentifiers).Assembly;

        public static Assembly CodeFixAssembly { get; } = Assembly.Load("MemRules.Analyzers.CodeFixes");

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Instantiate<DiagnosticAnalyzer>(AnalyzerAssembly);

        public static ImmutableArray<CodeFixProvider> Fixers { get; } = Instantiate<CodeFixProvider>(CodeFixAssembly);

        public static ImmutableArray<string> Ids { get; } =
            Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();

        private static ImmutableArray<T> Instantiate<T>(Assembly assembly) =>
            assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (T)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>A one-project solution of plain C# sources (no markup), with an optional .editorconfig for <c>[*.cs]</c>.</summary>
        public static Project CreateProject(IEnumerable<(string Name, string Code)> sources, string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest)
        {
            var workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Reliability", "Reliability", LanguageNames.CSharp,
                filePath: "/0/Reliability.csproj",
                compilationOptions: TestProject.CompilationOptions(languageVersion),
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: TestProject.References));
            foreach (var (name, code) in sources)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(code, Encoding.UTF8), filePath: "/0/" + name);
            }

            if (editorConfig != null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig",
                    SourceText.From("root = true\n\n[*.cs]\n" + editorConfig + "\n"), filePath: "/0/.editorconfig");
            }

            return solution.GetProject(projectId)!;
        }

        /// <summary>All analyzers' diagnostics; analyzer exceptions (and AD0001) are returned, not thrown.</summary>
        public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<string> Crashes)> AnalyzeAsync(
            Project project, bool concurrent = true, CancellationToken cancellationToken = default)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken))!;
            return await AnalyzeAsync(compilation, project.AnalyzerOptions, Analyzers, concurrent, cancellationToken);
        }

        public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<string> Crashes)> AnalyzeAsync(
            Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent, CancellationToken cancellationToken)
        {
            var crashes = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (ex, analyzer, diagnostic) => { lock (crashes) { crashes.Add($"{analyzer.GetType().Name}: {ex}"); } },
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
            foreach (var d in diagnostics)
            {
                if (d.Id == "AD0001")
                {
                    crashes.Add(d.GetMessage());
                }
            }

            return (diagnostics.Where(d => d.Id != "AD0001")
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray(), crashes);
        }

        /// <summary>A stable text form of diagnostics, to compare runs.</summary>
        public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
            string.Join("\n", diagnostics.Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.SourceSpan} {d.GetMessage()}"));

        public static IEnumerable<CodeFixProvider> FixersFor(string id) => Fixers.Where(f => f.FixableDiagnosticIds.Contains(id));

        public static async Task<List<CodeAction>> GetActionsAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic, CancellationToken cancellationToken = default)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (a, _) => { lock (actions) { actions.Add(a); } }, cancellationToken);
            await fixer.RegisterCodeFixesAsync(context);
            return actions;
        }

        /// <summary>The solution after an action, or null when it changes nothing.</summary>
        public static async Task<Solution?> ApplyAsync(CodeAction action, CancellationToken cancellationToken = default)
        {
            var operations = await action.GetOperationsAsync(cancellationToken);
            return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
        }

        /// <summary>The fix-all action of a fixer for one equivalence key over the given diagnostics, or null.</summary>
        public static Task<CodeAction?> GetFixAllAsync(
            Document document, CodeFixProvider fixer, string? equivalenceKey, FixAllScope scope, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
        {
            var provider = fixer.GetFixAllProvider();
            if (provider == null)
            {
                return Task.FromResult<CodeAction?>(null);
            }

            var context = new FixAllContext(document, fixer, scope, equivalenceKey, fixer.FixableDiagnosticIds, new FixedDiagnostics(diagnostics), cancellationToken);
            return provider.GetFixAsync(context);
        }

        public static async Task<int> ErrorCountAsync(Project project, CancellationToken cancellationToken = default)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken))!;
            return compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }

        /// <summary>Serves diagnostics computed beforehand to a fix-all.</summary>
        private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken);
                return _diagnostics.Where(d => d.Location.SourceTree == tree);
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(_diagnostics.Where(d => !d.Location.IsInSource));

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
