using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
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
    /// The user's path: pack the package, reference it from a consumer with PackageReference, build,
    /// fail the build with -warnaserror, apply fixes with dotnet format, build again. Slow, and kept in
    /// the suite because nothing else proves the package works for a user.
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class PackageEndToEndTests
    {
        private readonly ITestOutputHelper _output;
        private readonly PackedPackage _packed;
        private readonly string _work;

        public PackageEndToEndTests(ITestOutputHelper output, PackedPackage packed)
        {
            _output = output;
            _packed = packed;
            _work = packed.NewFolder("e2e");
        }

        [Fact]
        public void Package_warns_fails_with_warnaserror_and_fixes_with_dotnet_format()
        {
            var package = _packed.Package;
            _output.WriteLine(_packed.PackOutput);
            AssertPackageLayout(package);

            var consumer = CreateConsumer();
            var build = Run("dotnet", "build --no-restore -nologo", consumer);
            var reported = Regex.Matches(build, @"warning (MEM\d{3})").Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var id in ImplementedRuleIds())
            {
                Assert.True(reported.Contains(id), $"The sample built against the package should report {id}; it reported {string.Join(", ", reported)}.\n{build}");
            }

            var strict = Run("dotnet", "build --no-restore --no-incremental -nologo -warnaserror", consumer, expectSuccess: false);
            Assert.Matches(@"error MEM\d{3}", strict);

            var fixable = FixableRuleIds();
            Run("dotnet", $"format analyzers --no-restore --severity info --diagnostics {string.Join(" ", fixable)}", consumer);
            var changed = Directory.GetFiles(consumer, "*.cs").Count(f => File.ReadAllText(f) != File.ReadAllText(Path.Combine(RepositoryPaths.Combine("tests", "Sample"), Path.GetFileName(f))));
            Assert.True(changed > 0, "dotnet format applied no fix.");
            var after = Run("dotnet", "build --no-restore --no-incremental -nologo", consumer);
            var stillReported = Regex.Matches(after, @"warning (MEM\d{3})").Select(m => m.Groups[1].Value).ToHashSet();
            _output.WriteLine("After dotnet format: " + string.Join(", ", stillReported));
        }

        private static void AssertPackageLayout(string package)
        {
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            Assert.Contains("analyzers/dotnet/cs/MemRules.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/MemRules.Analyzers.CodeFixes.dll", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            Assert.Contains("README.md", entries);
            Assert.Contains("icon.png", entries);
            foreach (var file in new[] { "MemRules.Analyzers.props", "MemRules.Analyzers.targets", "MemRulesWriteBaselineTask.cs", "config/memrules.default.globalconfig", "config/memrules.strict.globalconfig", "config/memrules.none.globalconfig" })
            {
                Assert.Contains("buildTransitive/" + file, entries);
            }

            Assert.Contains("buildMultiTargeting/MemRules.Analyzers.props", entries);
            Assert.Contains("buildMultiTargeting/MemRules.Analyzers.targets", entries);

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspecEntry.Open());
            var nuspec = reader.ReadToEnd();
            Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<icon>icon.png</icon>", nuspec);
            Assert.Contains("<releaseNotes>", nuspec);

            // The gallery's README links to the repository, never relatively (a gallery has no docs/ folder).
            using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
            var links = Regex.Matches(readme.ReadToEnd(), @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, link => Assert.StartsWith("https://github.com/memrules/MemRules.Analyzers", link));
            Assert.DoesNotContain("<dependency ", nuspec);
        }

        private string CreateConsumer()
        {
            var consumer = Path.Combine(_work, "consumer");
            _packed.CreateConsumer(consumer, string.Empty, PackedPackage.SampleFiles());
            return consumer;
        }

        /// <summary>Every ID an exported analyzer reports: the sample must show each rule firing.</summary>
        private static IEnumerable<string> ImplementedRuleIds() =>
            typeof(RuleIdentifiers).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => d.Id))
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal);

        private static IEnumerable<string> FixableRuleIds() =>
            typeof(MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal);

        private string Run(string fileName, string arguments, string workingDirectory, bool expectSuccess = true)
        {
            Assert.Equal("dotnet", fileName);
            var (exitCode, text, elapsed) = PackedPackage.Run(arguments, workingDirectory);
            _output.WriteLine($"$ {fileName} {arguments} ({elapsed.TotalSeconds:F0} s)\n{text}");
            if (expectSuccess)
            {
                Assert.True(exitCode == 0, $"{fileName} {arguments} exited {exitCode}:\n{text}");
            }
            else
            {
                Assert.True(exitCode != 0, $"{fileName} {arguments} was expected to fail:\n{text}");
            }

            return text;
        }
    }
}
