using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// Adopting the package on an existing code base, through a PackageReference to the packed package: write a
    /// baseline of today's findings, build clean with -warnaserror, fail on a new leak alone, rewrite the baseline
    /// after a fix; a test project gets the test defaults; each MemRulesMode gives the severities
    /// docs/configuration.md gives it (read from the build's SARIF log, where suggestions are "note").
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class AdoptionEndToEndTests
    {
        private const string Legacy = """
            using System.IO;

            namespace Legacy
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var stream = new FileStream("a.txt", FileMode.Create);
                        stream.WriteByte(1);
                        // NEW LEAK
                    }
                }

                public sealed class Journal
                {
                    private readonly FileStream _file = new FileStream("journal.txt", FileMode.Append);

                    public void Write(byte value) => _file.WriteByte(value);
                }
            }
            """;

        private const string Tests = """
            using System;
            using System.IO;

            public sealed class FactAttribute : Attribute { }

            public class RelayTests
            {
                [Fact]
                public void Leaks_a_stream()
                {
                    var stream = new FileStream("test.txt", FileMode.Create);
                    stream.WriteByte(1);
                }
            }

            public static class Fakes
            {
                public static void Write()
                {
                    var stream = new FileStream("fake.txt", FileMode.Create);
                    stream.WriteByte(1);
                }

                public static string Read()
                {
                    var reader = new StreamReader("fake.txt");
                    try
                    {
                        return reader.ReadToEnd();
                    }
                    finally
                    {
                        reader.Dispose();
                    }
                }
            }

            public static class Program
            {
                public static void Main() { }
            }
            """;

        private readonly ITestOutputHelper _output;
        private readonly PackedPackage _packed;
        private readonly string _work;

        public AdoptionEndToEndTests(ITestOutputHelper output, PackedPackage packed)
        {
            _output = output;
            _packed = packed;
            _work = packed.NewFolder("adopt");
        }

        [Fact]
        public void A_baseline_accepts_todays_findings_and_the_build_then_fails_on_a_new_leak_alone()
        {
            _ = _packed.Package;
            _output.WriteLine(_packed.PackOutput);
            var consumer = Path.Combine(_work, "legacy");
            var source = Path.Combine(consumer, "Program.cs");
            _packed.CreateConsumer(consumer, string.Empty, ("Program.cs", Legacy));

            var before = Build(consumer, string.Empty);
            Assert.Equal(new[] { "MEM001", "MEM002" }, Reported(before, "warning"));

            var write = Build(consumer, "-p:MemRulesWriteBaseline=true -warnaserror");
            Assert.Empty(Reported(write, "warning"));
            Assert.Contains("MemRules: wrote 2 finding(s) to the baseline", write);
            var baseline = File.ReadAllText(Path.Combine(consumer, "memrules.baseline.json"));
            _output.WriteLine(baseline);
            Assert.Contains("{ \"rule\": \"MEM001\", \"file\": \"Program.cs\", \"member\": \"Legacy.Program.Main()\", \"resource\": \"stream\" }", baseline);
            Assert.Contains("{ \"rule\": \"MEM002\", \"file\": \"Program.cs\", \"member\": \"Legacy.Journal._file\", \"resource\": \"_file\" }", baseline);
            Assert.DoesNotMatch(@"""(start|end)?[Ll]ine""|""column""", baseline);

            // Clean, and -warnaserror passes; the SARIF log still lists the two findings, as suppressed by the baseline.
            var sarif = Path.Combine(_work, "legacy.sarif");
            var clean = Build(consumer, $"-warnaserror -p:ErrorLog={sarif}%2Cversion=2.1");
            Assert.Empty(Reported(clean, "warning"));
            var logged = Results(sarif);
            Assert.Equal(new[] { "MEM001 stream suppressed", "MEM002 _file suppressed" }, logged.Select(r => $"{r.Rule} {r.Resource} {(r.Suppressed ? "suppressed" : r.Level)}"));

            // Lines that move do not bring the baselined finding back; the new leak alone fails the build.
            File.WriteAllText(source, Legacy
                .Replace("            var stream", "            // Edited: every line below moves.\n            System.Console.WriteLine();\n            var stream")
                .Replace("            // NEW LEAK", "            var fresh = new FileStream(\"b.txt\", FileMode.Create);\n            fresh.WriteByte(2);"));
            var failed = Build(consumer, "-warnaserror", expectSuccess: false);
            var errors = Regex.Matches(failed, @"error (MEM\d{3}): ([^\[]*)").Select(m => m.Groups[1].Value + ": " + m.Groups[2].Value.Trim()).Distinct().ToList();
            Assert.Equal(new[] { "MEM001: 'fresh' (a file handle) is created here but never disposed (https://github.com/memrules/MemRules.Analyzers/blob/main/docs/rules/MEM001.md)" }, errors);

            // Fix the old leak and rewrite: it drops out of the baseline, the new one goes in.
            File.WriteAllText(source, File.ReadAllText(source).Replace("var stream = new", "using var stream = new"));
            Build(consumer, "-p:MemRulesWriteBaseline=true");
            baseline = File.ReadAllText(Path.Combine(consumer, "memrules.baseline.json"));
            Assert.DoesNotContain("\"stream\"", baseline);
            Assert.Contains("\"resource\": \"fresh\"", baseline);
            Assert.Contains("\"resource\": \"_file\"", baseline);
        }

        [Fact]
        public void A_test_project_gets_the_test_defaults_and_each_mode_its_documented_severities()
        {
            _ = _packed.Package;
            _output.WriteLine(_packed.PackOutput);
            var consumer = Path.Combine(_work, "tests");
            _packed.CreateConsumer(consumer, "    <IsTestProject>true</IsTestProject>", ("Tests.cs", Tests));

            // default: the [Fact]'s leak is a suggestion (the test defaults), the helper's a warning, MEM004 a suggestion.
            var expected = new Dictionary<string, string[]>
            {
                ["default"] = new[] { "MEM001 RelayTests.Leaks_a_stream() note", "MEM001 Fakes.Write() warning", "MEM004 Fakes.Read() note" },
                ["strict"] = new[] { "MEM001 RelayTests.Leaks_a_stream() warning", "MEM001 Fakes.Write() warning", "MEM004 Fakes.Read() warning" },
                ["none"] = Array.Empty<string>(),
            };
            foreach (var (mode, severities) in expected)
            {
                var sarif = Path.Combine(_work, mode + ".sarif");
                Build(consumer, $"-p:MemRulesMode={mode} -p:ErrorLog={sarif}%2Cversion=2.1");
                var logged = Results(sarif).Select(r => $"{r.Rule} {r.Member} {r.Level}").OrderBy(r => r, StringComparer.Ordinal);
                Assert.Equal(severities.OrderBy(r => r, StringComparer.Ordinal), logged);
            }

            var wrong = Build(consumer, "-p:MemRulesMode=loose", expectSuccess: false);
            Assert.Contains("MemRulesMode is 'loose'; it must be default, strict or none.", wrong);
        }

        /// <summary>The IDs reported at a level in the build output, once each, sorted.</summary>
        private static string[] Reported(string output, string level) =>
            Regex.Matches(output, $@"{level} (MEM\d{{3}})").Select(m => m.Groups[1].Value).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();

        /// <summary>The MemRules results of a SARIF 2.1 log: rule, member, resource, level, and whether something suppressed it.</summary>
        private static List<(string Rule, string Member, string Resource, string Level, bool Suppressed)> Results(string sarif)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(sarif));
            var results = new List<(string, string, string, string, bool)>();
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    var rule = result.GetProperty("ruleId").GetString()!;
                    if (!rule.StartsWith("MEM", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var properties = result.GetProperty("properties").GetProperty("customProperties");
                    results.Add((
                        rule,
                        properties.TryGetProperty("MemRules.Member", out var member) ? member.GetString()! : string.Empty,
                        properties.GetProperty("MemRules.Resource").GetString()!,
                        result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
                        result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0));
                }
            }

            return results.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item3, StringComparer.Ordinal).ToList();
        }

        private string Build(string consumer, string arguments, bool expectSuccess = true)
        {
            var (exitCode, output, elapsed) = PackedPackage.Run($"build --no-restore -nologo {arguments}", consumer);
            _output.WriteLine($"$ dotnet build {arguments} ({elapsed.TotalSeconds:F0} s)\n{output}");
            Assert.True((exitCode == 0) == expectSuccess, $"dotnet build {arguments} exited {exitCode}:\n{output}");
            return output;
        }
    }
}
