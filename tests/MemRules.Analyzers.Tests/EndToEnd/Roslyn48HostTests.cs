using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The oldest host the package supports: pack it, then run tests/MemRules.Roslyn48Host (Roslyn 4.8.0,
    /// what the .NET 8 SDK and Visual Studio 2022 17.8 run) on the .nupkg. The host loads the package's
    /// dlls, runs every analyzer on the sample and applies every fix and fix-all; this test fails when
    /// the host does, and checks from its output that the Roslyn loaded was 4.8.0 and that every rule
    /// fired and was fixed.
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class Roslyn48HostTests
    {
        private const string Roslyn = "4.8.0.0";

        private static readonly string[] RoslynAssemblies =
        {
            "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis.Workspaces", "Microsoft.CodeAnalysis.CSharp.Workspaces",
        };

        private readonly ITestOutputHelper _output;
        private readonly PackedPackage _packed;

        public Roslyn48HostTests(ITestOutputHelper output, PackedPackage packed)
        {
            _output = output;
            _packed = packed;
        }

        [Fact]
        public void Packed_package_loads_analyzes_and_fixes_the_sample_in_Roslyn_4_8()
        {
            var package = _packed.Package;
            _output.WriteLine(_packed.PackOutput);

            var output = Run($"run --project \"{RepositoryPaths.Combine("tests", "MemRules.Roslyn48Host", "MemRules.Roslyn48Host.csproj")}\" -- \"{package}\"");
            Assert.Contains("RESULT OK", output);

            // The Roslyn in the host's process: 4.8.0.0, every assembly of it, before and after the run.
            var host = Matches(output, @"^host (\S+) (\S+) ");
            var loaded = Matches(output, @"^loaded-roslyn (\S+) (\S+) ");
            foreach (var name in RoslynAssemblies)
            {
                Assert.True(host.Any(m => m[0] == name), $"The host does not say which {name} it runs:\n{output}");
                Assert.True(loaded.Any(m => m[0] == name), $"The host does not list {name} as loaded:\n{output}");
            }

            Assert.All(host.Concat(loaded), m => Assert.True(m[1] == Roslyn, $"{m[0]} {m[1]} was loaded, not {Roslyn}:\n{output}"));

            // The package's dlls, not the build output of src/.
            var fromPackage = Matches(output, @"^loaded (MemRules\.Analyzers(?:\.CodeFixes)?) \S+ from (.+) in '");
            Assert.Equal(new[] { "MemRules.Analyzers", "MemRules.Analyzers.CodeFixes" }, fromPackage.Select(m => m[0]).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(fromPackage, m => Assert.DoesNotContain(RepositoryPaths.Combine("src"), m[1], StringComparison.Ordinal));

            // Every rule fired on the sample and every fixable one was fixed.
            var summary = Matches(output, @"^  (MEM\d{3}): (\d+) diagnostic\(s\), (\d+) fix\(es\) applied").ToDictionary(m => m[0], m => (Diagnostics: int.Parse(m[1]), Fixes: int.Parse(m[2])));
            foreach (var id in ImplementedRuleIds())
            {
                Assert.True(summary.TryGetValue(id, out var counts) && counts.Diagnostics > 0, $"{id} did not fire in the Roslyn 4.8 host:\n{output}");
            }

            foreach (var id in FixableRuleIds())
            {
                Assert.True(summary.TryGetValue(id, out var counts) && counts.Fixes > 0, $"No fix for {id} was applied in the Roslyn 4.8 host:\n{output}");
            }

            foreach (var fixer in FixerNames())
            {
                foreach (var scope in new[] { "Document", "Project" })
                {
                    Assert.True(Regex.IsMatch(output, $@"^fix-all {fixer} {scope} .*: applied", RegexOptions.Multiline), $"{fixer}'s fix-all in {scope} scope was not applied:\n{output}");
                }
            }
        }

        private static List<string[]> Matches(string output, string pattern) =>
            Regex.Matches(output, pattern, RegexOptions.Multiline)
                .Select(m => m.Groups.Cast<Group>().Skip(1).Select(g => g.Value.TrimEnd('\r')).ToArray())
                .ToList();

        private static IEnumerable<string> ImplementedRuleIds() =>
            typeof(RuleIdentifiers).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => d.Id))
                .Distinct();

        private static IEnumerable<Type> FixerTypes() =>
            typeof(MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null);

        private static IEnumerable<string> FixableRuleIds() =>
            FixerTypes().SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds).Distinct();

        private static IEnumerable<string> FixerNames() => FixerTypes().Select(t => t.Name);

        private string Run(string arguments)
        {
            var (exitCode, text, elapsed) = PackedPackage.Run(arguments, RepositoryPaths.Root);
            _output.WriteLine($"$ dotnet {arguments} ({elapsed.TotalSeconds:F0} s)\n{text}");
            Assert.True(exitCode == 0, $"dotnet {arguments} exited {exitCode}:\n{text}");
            return text;
        }
    }
}
