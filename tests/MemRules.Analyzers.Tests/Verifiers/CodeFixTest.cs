using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Checks a code fix: the test code reports the marked diagnostics; applying the fix one diagnostic at
    /// a time, and applying fix-all in document and in project scope, each give <see cref="FixedCode"/>;
    /// the fixed code compiles and reports exactly the diagnostics marked in it.
    /// </summary>
    public class CodeFixTest<TAnalyzer, TCodeFix> : AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        private const int MaxIterations = 50;

        /// <summary>The main source after the fix, with markup for the diagnostics that remain.</summary>
        public string FixedCode { get; set; } = string.Empty;

        /// <summary>Fixed versions of <see cref="AnalyzerTest{TAnalyzer}.AdditionalSources"/>; unchanged when empty.</summary>
        public List<string> FixedAdditionalSources { get; } = new List<string>();

        /// <summary>Which of several offered actions to apply; the first when null.</summary>
        public string? CodeActionEquivalenceKey { get; set; }

        /// <summary>Set when fix-all cannot reproduce the one-by-one result (should be rare, and said why).</summary>
        public bool SkipFixAll { get; set; }

        /// <summary>Set for tests that expect no code action at all for the marked diagnostics.</summary>
        public bool ExpectNoFix { get; set; }

        public override async Task RunAsync(CancellationToken cancellationToken = default)
        {
            await base.RunAsync(cancellationToken);
            var (project, _) = CreateProject(AllSources());
            var fixer = new TCodeFix();

            if (ExpectNoFix)
            {
                foreach (var diagnostic in await FixableDiagnosticsAsync(project, fixer, cancellationToken))
                {
                    var actions = await GetActionsAsync(project.GetDocument(diagnostic.Location.SourceTree)!, fixer, diagnostic, cancellationToken);
                    if (actions.Count > 0)
                    {
                        throw new XunitException($"Expected no code fix for {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}, but '{actions[0].Title}' was offered.");
                    }
                }

                return;
            }

            var fixedSources = new[] { FixedCode }.Concat(FixedAdditionalSources.Count > 0 ? FixedAdditionalSources : AdditionalSources).ToList();
            var (expectedProject, expectedSpans) = CreateProject(fixedSources);
            await VerifyDiagnosticsAsync(expectedProject, expectedSpans, "the fixed code", cancellationToken);

            var oneByOne = await ApplyOneByOneAsync(project, fixer, cancellationToken);
            await AssertSameTextAsync(oneByOne, expectedProject, "applying the fix one diagnostic at a time", cancellationToken);

            if (fixer.GetFixAllProvider() is not { } fixAll)
            {
                throw new XunitException($"{typeof(TCodeFix).Name} has no fix-all provider.");
            }

            if (!SkipFixAll)
            {
                foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project })
                {
                    if (!fixAll.GetSupportedFixAllScopes().Contains(scope))
                    {
                        continue;
                    }

                    var fixedAll = await ApplyFixAllAsync(project, fixer, fixAll, scope, cancellationToken);
                    await AssertSameTextAsync(fixedAll, expectedProject, $"fix-all in {scope} scope", cancellationToken);
                }
            }
        }

        private async Task<Project> ApplyOneByOneAsync(Project project, CodeFixProvider fixer, CancellationToken cancellationToken)
        {
            for (int i = 0; i < MaxIterations; i++)
            {
                bool applied = false;
                foreach (var diagnostic in await FixableDiagnosticsAsync(project, fixer, cancellationToken))
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    var action = Choose(await GetActionsAsync(document, fixer, diagnostic, cancellationToken));
                    if (action == null)
                    {
                        continue;
                    }

                    project = await ApplyAsync(action, project, cancellationToken);
                    applied = true;
                    break;
                }

                if (!applied)
                {
                    return project;
                }
            }

            throw new XunitException($"{typeof(TCodeFix).Name} still offered fixes after {MaxIterations} iterations.");
        }

        private async Task<Project> ApplyFixAllAsync(Project project, CodeFixProvider fixer, FixAllProvider fixAll, FixAllScope scope, CancellationToken cancellationToken)
        {
            // Like the testing library, allow a few rounds: fixes that overlap land in the next round.
            for (int round = 0; round < 3; round++)
            {
                Diagnostic? first = null;
                CodeAction? firstAction = null;
                foreach (var diagnostic in await FixableDiagnosticsAsync(project, fixer, cancellationToken))
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    firstAction = Choose(await GetActionsAsync(document, fixer, diagnostic, cancellationToken));
                    if (firstAction != null)
                    {
                        first = diagnostic;
                        break;
                    }
                }

                if (first == null || firstAction == null)
                {
                    return project;
                }

                var context = new FixAllContext(
                    project.GetDocument(first.Location.SourceTree)!,
                    fixer,
                    scope,
                    firstAction.EquivalenceKey,
                    fixer.FixableDiagnosticIds,
                    new DiagnosticProvider(this, fixer),
                    cancellationToken);
                var action = await fixAll.GetFixAsync(context);
                if (action == null)
                {
                    return project;
                }

                project = await ApplyAsync(action, project, cancellationToken);
            }

            return project;
        }

        private CodeAction? Choose(List<CodeAction> actions) =>
            CodeActionEquivalenceKey == null
                ? actions.FirstOrDefault()
                : actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);

        private async Task<List<Diagnostic>> FixableDiagnosticsAsync(Project project, CodeFixProvider fixer, CancellationToken cancellationToken) =>
            (await GetAnalyzerDiagnosticsAsync(project, cancellationToken))
                .Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource)
                .ToList();

        private static async Task<List<CodeAction>> GetActionsAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken);
            await fixer.RegisterCodeFixesAsync(context);
            return actions;
        }

        private static async Task<Project> ApplyAsync(CodeAction action, Project project, CancellationToken cancellationToken)
        {
            var operations = await action.GetOperationsAsync(cancellationToken);
            var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
                ?? throw new XunitException($"Code action '{action.Title}' produced no change.");
            return apply.ChangedSolution.GetProject(project.Id)!;
        }

        private async Task AssertSameTextAsync(Project actual, Project expected, string how, CancellationToken cancellationToken)
        {
            foreach (var expectedDocument in expected.Documents)
            {
                var actualDocument = actual.Documents.Single(d => d.Name == expectedDocument.Name);
                var want = Normalize((await expectedDocument.GetTextAsync(cancellationToken)).ToString());
                var got = Normalize((await actualDocument.GetTextAsync(cancellationToken)).ToString());
                if (want != got)
                {
                    throw new XunitException($"{typeof(TCodeFix).Name}, {how}, gave different code for {expectedDocument.Name}.\n--- expected\n{want}\n--- actual\n{got}\n--- first difference at offset {FirstDifference(want, got)}");
                }
            }

            if (!AllowCompilerErrors)
            {
                await AssertCompilesAsync(actual, $"the code after {how}", cancellationToken);
            }
        }

        private static string Normalize(string text) => text.Replace("\r\n", "\n");

        private static int FirstDifference(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return i;
                }
            }

            return n;
        }

        private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly CodeFixTest<TAnalyzer, TCodeFix> _test;
            private readonly CodeFixProvider _fixer;

            public DiagnosticProvider(CodeFixTest<TAnalyzer, TCodeFix> test, CodeFixProvider fixer)
            {
                _test = test;
                _fixer = fixer;
            }

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken);
                return (await _test.FixableDiagnosticsAsync(document.Project, _fixer, cancellationToken)).Where(d => d.Location.SourceTree == tree);
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<Diagnostic>());

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                await _test.FixableDiagnosticsAsync(project, _fixer, cancellationToken);
        }
    }
}
