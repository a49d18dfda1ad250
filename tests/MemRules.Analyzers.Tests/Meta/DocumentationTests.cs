using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MemRules.Analyzers.Tests.Meta
{
    /// <summary>
    /// Keeps the docs true to the code: every descriptor has its page; rules.md, README's table, the
    /// rule pages and AnalyzerReleases.Unshipped.md agree with the descriptors; IDs belong to one
    /// analyzer each; every fix has fix-all.
    /// </summary>
    public class DocumentationTests
    {
        private static readonly Assembly AnalyzerAssembly = typeof(RuleIdentifiers).Assembly;
        private static readonly Assembly CodeFixAssembly = typeof(MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix).Assembly;

        public static IEnumerable<object[]> RuleIds =>
            Descriptors.All.Select(d => d.Id).Distinct().Select(id => new object[] { id });

        private static DiagnosticDescriptor Descriptor(string id) => Descriptors.All.First(d => d.Id == id);

        private static IReadOnlyList<DiagnosticAnalyzer> Analyzers() =>
            AnalyzerAssembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToList();

        private static IReadOnlyList<CodeFixProvider> Fixers() =>
            CodeFixAssembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();

        private static string HasFix(string id) => Fixers().Any(f => f.FixableDiagnosticIds.Contains(id)) ? "Yes" : "No";

        /// <summary>Cells of the markdown table row whose first cell links the rule ID.</summary>
        private static string[] Row(string file, string id)
        {
            var line = File.ReadAllLines(RepositoryPaths.Combine(file))
                .SingleOrDefault(l => l.StartsWith($"| [{id}]", StringComparison.Ordinal));
            Assert.True(line != null, $"{file} has no table row for {id}.");
            return line!.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        }

        [Fact]
        public void Descriptors_that_share_an_id_share_title_category_severity_and_help_link()
        {
            foreach (var group in Descriptors.All.GroupBy(d => d.Id))
            {
                Assert.Single(group.Select(d => d.Title.ToString()).Distinct());
                Assert.Single(group.Select(d => d.Category).Distinct());
                Assert.Single(group.Select(d => d.DefaultSeverity).Distinct());
                Assert.All(group, d => Assert.Equal(RuleIdentifiers.GetHelpUri(d.Id), d.HelpLinkUri));
                Assert.All(group, d => Assert.True(d.IsEnabledByDefault));
            }

            Assert.Equal(
                new[] { "MEM001", "MEM002", "MEM003", "MEM004", "MEM005", "MEM006", "MEM900" },
                Descriptors.All.Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public void Each_id_is_reported_by_one_analyzer_and_each_analyzer_uses_the_registry()
        {
            var owners = new Dictionary<string, string>();
            foreach (var analyzer in Analyzers())
            {
                foreach (var id in analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())
                {
                    Assert.False(owners.TryGetValue(id, out var other), $"{id} is reported by both {other} and {analyzer.GetType().Name}.");
                    owners[id] = analyzer.GetType().Name;
                }

                Assert.All(analyzer.SupportedDiagnostics, d => Assert.Contains(d, Descriptors.All));
            }
        }

        [Fact]
        public void Every_code_fix_has_fix_all()
        {
            foreach (var fixer in Fixers())
            {
                Assert.True(fixer.GetFixAllProvider() != null, $"{fixer.GetType().Name} has no fix-all provider.");
                Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, Descriptors.All.Select(d => d.Id)));
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_page_matches_the_descriptor(string id)
        {
            var path = RepositoryPaths.Combine("docs", "rules", id + ".md");
            Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing.");
            var text = File.ReadAllText(path);
            var d = Descriptor(id);
            Assert.StartsWith($"# {id}: {d.Title}\n", text.Replace("\r\n", "\n"));
            Assert.Contains($"| Severity | {d.DefaultSeverity} |", text);
            Assert.Contains($"| Category | {d.Category} |", text);
            Assert.Contains($"| Code fix | {HasFix(id)} |", text);
            foreach (var section in new[] { "## Cause", "## Why it matters", "## Non-compliant code", "## Compliant code", "## How to fix", "## Options", "## Known limits", "## How to suppress" })
            {
                Assert.Contains(section, text);
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rules_catalogue_matches_the_descriptor(string id)
        {
            // | ID | Title | Enforces | Severity | Category | Code fix | Options |
            var cells = Row("rules.md", id);
            var d = Descriptor(id);
            Assert.Equal($"[{id}](docs/rules/{id}.md)", cells[0]);
            Assert.Equal(d.Title.ToString(), cells[1]);
            Assert.Equal(d.DefaultSeverity.ToString(), cells[3]);
            Assert.Equal(d.Category, cells[4]);
            Assert.Equal(HasFix(id), cells[5]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Readme_table_matches_the_descriptor(string id)
        {
            // | ID | Title | Severity | Code fix |
            var cells = Row("README.md", id);
            var d = Descriptor(id);
            Assert.Equal($"[{id}](docs/rules/{id}.md)", cells[0]);
            Assert.Equal(d.Title.ToString(), cells[1]);
            Assert.Equal(d.DefaultSeverity.ToString(), cells[2]);
            Assert.Equal(HasFix(id), cells[3]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Release_tracking_matches_the_descriptor(string id)
        {
            var lines = File.ReadAllLines(RepositoryPaths.Combine("src", "MemRules.Analyzers", "AnalyzerReleases.Unshipped.md"))
                .Concat(File.ReadAllLines(RepositoryPaths.Combine("src", "MemRules.Analyzers", "AnalyzerReleases.Shipped.md")));
            var row = lines.SingleOrDefault(l => Regex.IsMatch(l, $@"^{id}\s*\|"));
            Assert.True(row != null, $"{id} is not in AnalyzerReleases.*.md.");
            var cells = row!.Split('|').Select(c => c.Trim()).ToArray();
            var d = Descriptor(id);
            Assert.Equal(d.Category, cells[1]);
            Assert.Equal(d.DefaultSeverity.ToString(), cells[2]);
        }

        [Fact]
        public void Each_mode_sets_every_rule_as_docs_configuration_md_says()
        {
            var folder = RepositoryPaths.Combine("src", "MemRules.Analyzers.Package", "buildTransitive", "config");
            var ids = Descriptors.All.Select(d => d.Id).Distinct().ToList();
            foreach (var (mode, severity) in new[] { ("strict", "warning"), ("none", "none") })
            {
                var text = File.ReadAllText(Path.Combine(folder, $"memrules.{mode}.globalconfig"));
                Assert.Contains("is_global = true", text);
                Assert.Contains("global_level = -50", text);
                Assert.All(ids, id => Assert.Contains($"dotnet_diagnostic.{id}.severity = {severity}", text));
            }

            // The default mode sets no severity: a severity set for an ID would override the per-finding ones.
            var defaults = File.ReadAllText(Path.Combine(folder, "memrules.default.globalconfig"));
            Assert.DoesNotContain("dotnet_diagnostic.", defaults);
            Assert.Contains("global_level = -50", File.ReadAllText(RepositoryPaths.Combine("docs", "configuration.md")));
        }

        [Fact]
        public void Every_option_the_code_reads_is_documented()
        {
            var configuration = File.ReadAllText(RepositoryPaths.Combine("docs", "configuration.md"));
            var sources = Directory.GetFiles(RepositoryPaths.Combine("src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText);
            // Option names are string constants ending in Key, e.g. ExcludedTypesKey = "excluded_types".
            var names = sources.SelectMany(s => Regex.Matches(s, @"Key\s*=\s*""([a-z_]+)""").Select(m => m.Groups[1].Value)).Distinct().ToList();
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.Contains(name, configuration));
        }
    }
}
