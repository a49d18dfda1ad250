using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// A fix must never break the build: over the sample, generated code bases and every rule-test input,
    /// each offered fix and each fix-all gives code with no new compiler errors, removes the diagnostic
    /// it fixes, and a second fix-all changes nothing.
    /// </summary>
    public class FixSafetyTests
    {
        private readonly ITestOutputHelper _output;

        public FixSafetyTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public Task Fixes_on_the_sample_are_safe() => CheckAsync(new[] { ("Sample", TestInputs.Sample) });

        [Fact]
        public Task Fixes_on_generated_code_bases_are_safe() =>
            CheckAsync(new[] { ("Generated seed 1", TestInputs.Generated(1, 1_500)), ("Generated seed 2", TestInputs.Generated(2, 1_500)) });

        [Fact]
        public Task Fixes_on_every_rule_test_input_are_safe() =>
            CheckAsync(TestInputs.FromRuleTests.Select(i => (i.Name, (IReadOnlyList<(string, string)>)new[] { i })));

        private async Task CheckAsync(IEnumerable<(string Name, IReadOnlyList<(string Name, string Code)> Sources)> inputs)
        {
            var failures = new List<string>();
            int projects = 0, fixes = 0, fixAlls = 0;
            foreach (var (inputName, sources) in inputs)
            {
                projects++;
                var project = AllRules.CreateProject(sources);
                int errorsBefore = await AllRules.ErrorCountAsync(project);
                var (diagnostics, crashes) = await AllRules.AnalyzeAsync(project);
                failures.AddRange(crashes.Select(c => $"{inputName}: analyzer crash {c}"));
                var keys = new HashSet<(CodeFixProvider Fixer, string? Key)>();
                foreach (var diagnostic in diagnostics)
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree);
                    if (document == null)
                    {
                        continue;
                    }

                    int sameIdBefore = diagnostics.Count(d => d.Id == diagnostic.Id && d.Location.SourceTree == diagnostic.Location.SourceTree);
                    foreach (var fixer in AllRules.FixersFor(diagnostic.Id))
                    {
                        foreach (var action in await AllRules.GetActionsAsync(document, fixer, diagnostic))
                        {
                            fixes++;
                            keys.Add((fixer, action.EquivalenceKey));
                            var where = $"{inputName}: '{action.Title}' for {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}";
                            var changed = await AllRules.ApplyAsync(action);
                            if (changed == null)
                            {
                                failures.Add($"{where} changes nothing");
                                continue;
                            }

                            var fixedProject = changed.GetProject(project.Id)!;
                            int errorsAfter = await AllRules.ErrorCountAsync(fixedProject);
                            if (errorsAfter > errorsBefore)
                            {
                                failures.Add($"{where} adds compiler errors ({errorsBefore} -> {errorsAfter}):\n{await TextAsync(fixedProject, document.Id)}");
                            }

                            var (after, _) = await AllRules.AnalyzeAsync(fixedProject);
                            var fixedTree = await fixedProject.GetDocument(document.Id)!.GetSyntaxTreeAsync();
                            int sameIdAfter = after.Count(d => d.Id == diagnostic.Id && d.Location.SourceTree == fixedTree);
                            if (sameIdAfter >= sameIdBefore)
                            {
                                failures.Add($"{where} does not remove the diagnostic ({sameIdBefore} -> {sameIdAfter} {diagnostic.Id} in the document):\n{await TextAsync(fixedProject, document.Id)}");
                            }
                        }
                    }
                }

                foreach (var (fixer, key) in keys)
                {
                    fixAlls++;
                    var where = $"{inputName}: fix-all of {fixer.GetType().Name} ({key})";
                    var first = await FixAllAsync(project, fixer, key, diagnostics);
                    if (first == null)
                    {
                        failures.Add($"{where} offers nothing although single fixes exist");
                        continue;
                    }

                    int errorsAfter = await AllRules.ErrorCountAsync(first);
                    if (errorsAfter > errorsBefore)
                    {
                        failures.Add($"{where} adds compiler errors ({errorsBefore} -> {errorsAfter})");
                    }

                    var (remaining, _) = await AllRules.AnalyzeAsync(first);
                    var second = await FixAllAsync(first, fixer, key, remaining);
                    if (second != null && await ChangedDocumentAsync(first, second) is { } changedName)
                    {
                        failures.Add($"{where}: a second fix-all still changes {changedName}");
                    }
                }
            }

            _output.WriteLine($"fix safety: {projects} projects, {fixes} fixes and {fixAlls} fix-alls applied, {failures.Count} failures");
            Assert.True(failures.Count == 0, $"{failures.Count} unsafe fixes; the first:\n{string.Join("\n\n", failures.Take(5))}");
        }

        private static async Task<Project?> FixAllAsync(Project project, CodeFixProvider fixer, string? key, ImmutableArray<Diagnostic> diagnostics)
        {
            var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).ToImmutableArray();
            foreach (var diagnostic in fixable)
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                if ((await AllRules.GetActionsAsync(document, fixer, diagnostic)).Any(a => a.EquivalenceKey == key))
                {
                    var action = await AllRules.GetFixAllAsync(document, fixer, key, FixAllScope.Project, fixable);
                    return action == null ? null : (await AllRules.ApplyAsync(action))?.GetProject(project.Id);
                }
            }

            return null;
        }

        private static async Task<string?> ChangedDocumentAsync(Project before, Project after)
        {
            foreach (var document in before.Documents)
            {
                var other = after.GetDocument(document.Id);
                if (other == null || !(await document.GetTextAsync()).ContentEquals(await other.GetTextAsync()))
                {
                    return document.Name;
                }
            }

            return null;
        }

        private static async Task<string> TextAsync(Project project, DocumentId id) =>
            (await project.GetDocument(id)!.GetTextAsync()).ToString();
    }
}
