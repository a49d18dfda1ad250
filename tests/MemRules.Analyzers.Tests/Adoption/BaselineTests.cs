using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Baseline;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MemRules.Analyzers.Tests.Adoption
{
    /// <summary>
    /// The baseline (docs/ci.md): findings are matched by rule, file, member and resource, not by line; matched
    /// ones are suppressed, not dropped; a count accepts that many; the write mode suppresses everything; a bad
    /// or stale file gives MEM900 and never an analyzer exception.
    /// </summary>
    public class BaselineTests
    {
        private const string BaselinePath = AdoptionHarness.Folder + "/memrules.baseline.json";

        private const string Relay = """
            using System.IO;

            namespace Chat
            {
                public class Relay
                {
                    public void Start()
                    {
                        var reader = new StreamReader("in.txt");
                        reader.ReadLine();
                    }
                }
            }
            """;

        private static (string Path, string Text) Baseline(params string[] findings) =>
            (BaselinePath, "{ \"version\": 1, \"findings\": [\n" + string.Join(",\n", findings) + "\n] }");

        private static string Entry(string file, string member, string resource, string rule = "MEM001", int count = 1) =>
            $"{{ \"rule\": \"{rule}\", \"file\": \"{file}\", \"member\": \"{member}\", \"resource\": \"{resource}\"" + (count > 1 ? $", \"count\": {count}" : string.Empty) + " }";

        private static Task<IReadOnlyList<Diagnostic>> Mem001Async(string code, string path, params (string Path, string Text)[] files) =>
            AnalyzeAsync(new[] { (path, code) }, null, files);

        private static async Task<IReadOnlyList<Diagnostic>> AnalyzeAsync(
            IEnumerable<(string Path, string Code)> sources, IDictionary<string, string>? options, params (string Path, string Text)[] files) =>
            (await AdoptionHarness.AnalyzeAsync(sources, options, files)).Of(RuleIdentifiers.UndisposedLocal).ToList();

        [Fact]
        public async Task A_baselined_finding_is_suppressed_and_stays_suppressed_when_lines_move()
        {
            var baseline = Baseline(Entry("Chat/Relay.cs", "Chat.Relay.Start()", "reader"));
            var path = AdoptionHarness.Folder + "/Chat/Relay.cs";

            var found = Assert.Single(await Mem001Async(Relay, path, baseline));
            Assert.True(found.IsSuppressed);

            var moved = Relay.Replace("            var reader", "            // a comment\n\n            var x = 1;\n            var reader");
            Assert.True(Assert.Single(await Mem001Async(moved, path, baseline)).IsSuppressed);
        }

        [Fact]
        public async Task A_new_finding_another_member_or_another_file_is_not_suppressed()
        {
            var baseline = Baseline(Entry("Chat/Relay.cs", "Chat.Relay.Start()", "reader"));
            var added = Relay.Replace("            reader.ReadLine();", "            reader.ReadLine();\n            var other = new StreamReader(\"b.txt\");\n            other.ReadLine();");

            var diagnostics = await Mem001Async(added, AdoptionHarness.Folder + "/Chat/Relay.cs", baseline);
            Assert.Equal(new[] { ("reader", true), ("other", false) }, diagnostics.Select(d => (d.Properties[DiagnosticProperties.Resource] ?? string.Empty, d.IsSuppressed)));

            Assert.False(Assert.Single(await Mem001Async(Relay.Replace("Start()", "Run()"), AdoptionHarness.Folder + "/Chat/Relay.cs", baseline)).IsSuppressed);
            Assert.False(Assert.Single(await Mem001Async(Relay, AdoptionHarness.Folder + "/Relay.cs", baseline)).IsSuppressed);
        }

        [Fact]
        public async Task A_count_accepts_that_many_findings_of_one_identity()
        {
            var twice = Relay.Replace("            reader.ReadLine();", "            reader.ReadLine();\n            new StreamReader(\"b.txt\").ReadLine();\n            new StreamReader(\"c.txt\").ReadLine();\n            new StreamReader(\"d.txt\").ReadLine();");
            var path = AdoptionHarness.Folder + "/Chat/Relay.cs";
            var baseline = Baseline(Entry("Chat/Relay.cs", "Chat.Relay.Start()", "reader"), Entry("Chat/Relay.cs", "Chat.Relay.Start()", "StreamReader", count: 2));

            var diagnostics = await Mem001Async(twice, path, baseline);

            Assert.Equal(4, diagnostics.Count);
            Assert.Equal(new[] { true, true, true, false }, diagnostics.Select(d => d.IsSuppressed));
        }

        [Fact]
        public async Task Files_are_relative_to_the_baselines_folder_with_forward_slashes()
        {
            var outside = ("/repo/shared/Relay.cs", Relay);
            var inside = ("/repo/src/Deep/Er/Relay.cs", Relay.Replace("Chat", "Other"));
            var baseline = Baseline(Entry("../shared/Relay.cs", "Chat.Relay.Start()", "reader"), Entry("Deep/./Er//Relay.cs", "Other.Relay.Start()", "reader"));

            var diagnostics = await AnalyzeAsync(new[] { outside, inside }, null, baseline);

            Assert.Equal(2, diagnostics.Count);
            Assert.All(diagnostics, d => Assert.True(d.IsSuppressed));
        }

        [Fact]
        public async Task While_the_baseline_is_written_every_finding_is_suppressed_and_MEM900_is_quiet()
        {
            var options = new Dictionary<string, string> { [BaselineFile.WriteProperty] = "true" };
            var diagnostics = await AdoptionHarness.AnalyzeAsync(new[] { (AdoptionHarness.Folder + "/Relay.cs", Relay) }, options, (BaselinePath, "not json"));

            Assert.NotEmpty(diagnostics);
            Assert.All(diagnostics, d => Assert.True(d.IsSuppressed, d.ToString()));
            Assert.Empty(diagnostics.Of(RuleIdentifiers.BaselineFile));
        }

        [Theory]
        [InlineData("not json", "it is not valid JSON")]
        [InlineData("[1, 2]", "it is not a JSON object")]
        [InlineData("{ \"version\": 2, \"findings\": [] }", "its \"version\" is '2', not 1")]
        [InlineData("{ \"version\": 1 }", "it has no \"findings\" array")]
        [InlineData("{ \"version\": 1, \"findings\": [ { \"rule\": \"MEM001\" } ] }", "finding 1 has no \"rule\", \"file\" and \"resource\" strings")]
        [InlineData("{ \"version\": 1, \"findings\": [ { \"rule\": \"CA2000\", \"file\": \"a.cs\", \"resource\": \"r\" } ] }", "finding 1 names rule 'CA2000'")]
        [InlineData("{ \"version\": 1, \"findings\": [ { \"rule\": \"MEM001\", \"file\": \"a.cs\", \"resource\": \"r\", \"count\": 0 } ] }", "finding 1 has a \"count\" that is not a positive whole number")]
        public async Task A_malformed_baseline_gives_MEM900_and_suppresses_nothing(string text, string reason)
        {
            var diagnostics = await AdoptionHarness.AnalyzeAsync(new[] { (AdoptionHarness.Folder + "/Relay.cs", Relay) }, null, (BaselinePath, text));

            var mem900 = Assert.Single(diagnostics.Of(RuleIdentifiers.BaselineFile));
            Assert.Contains(reason, mem900.GetMessage());
            Assert.Equal(BaselinePath, mem900.Location.GetLineSpan().Path);
            Assert.False(Assert.Single(diagnostics.Of(RuleIdentifiers.UndisposedLocal)).IsSuppressed);
        }

        [Fact]
        public async Task A_stale_baseline_names_the_entries_whose_file_or_member_is_gone()
        {
            var baseline = Baseline(
                Entry("Relay.cs", "Chat.Relay.Start()", "reader"),
                Entry("Relay.cs", "Chat.Relay.Stop()", "writer"),
                Entry("Gone.cs", "Chat.Gone.Run()", "stream"),
                Entry("Relay.cs", "Chat.Relay.Start()", "fixed-since: not stale, the member is still there"));

            var diagnostics = await AdoptionHarness.AnalyzeAsync(new[] { (AdoptionHarness.Folder + "/Relay.cs", Relay) }, null, baseline);

            var stale = Assert.Single(diagnostics.Of(RuleIdentifiers.BaselineFile));
            Assert.Equal(
                "The MemRules baseline 'memrules.baseline.json' is stale: 2 of its findings name a file or member that no longer exists " +
                "(MEM001 Gone.cs Chat.Gone.Run() 'stream'; MEM001 Relay.cs Chat.Relay.Stop() 'writer'). Rewrite it with 'dotnet build -p:MemRulesWriteBaseline=true'.",
                stale.GetMessage());
            Assert.True(Assert.Single(diagnostics.Of(RuleIdentifiers.UndisposedLocal)).IsSuppressed);
        }

        [Fact]
        public async Task With_several_target_frameworks_a_missing_file_or_member_is_not_stale()
        {
            var baseline = Baseline(Entry("Relay.cs", "Chat.Relay.Start()", "reader"), Entry("OnlyNet8.cs", "Chat.Legacy.Run()", "stream"));
            var options = new Dictionary<string, string> { [BaselineFile.TargetFrameworksProperty] = "net10.0;net8.0" };

            var diagnostics = await AdoptionHarness.AnalyzeAsync(new[] { (AdoptionHarness.Folder + "/Relay.cs", Relay) }, options, baseline);

            Assert.Empty(diagnostics.Of(RuleIdentifiers.BaselineFile));
            Assert.True(Assert.Single(diagnostics.Of(RuleIdentifiers.UndisposedLocal)).IsSuppressed);
        }

        [Fact]
        public async Task Members_of_every_kind_are_known_so_that_their_entries_are_not_stale()
        {
            var code = """
                using System;
                using System.IO;
                using System.Collections.Generic;

                public class Kinds : IDisposable
                {
                    private readonly List<int> _grows = new List<int>();
                    public event EventHandler? Changed;
                    public Kinds(int x) { }
                    public string Name { get { var r = new StreamReader("a"); return r.ReadLine() ?? ""; } }
                    public string Arrow => new StreamReader("b").ReadLine() ?? "";
                    public int this[int i] => i;
                    public void Add(int i) => _grows.Add(i);
                    public void Dispose() { Changed?.Invoke(this, EventArgs.Empty); }
                    private sealed class Nested { public void Run(Action a) { } }
                }
                """;
            var path = AdoptionHarness.Folder + "/Kinds.cs";
            var first = await AdoptionHarness.AnalyzeAsync(new[] { (path, code) });
            var findings = first.Where(d => d.Id != RuleIdentifiers.BaselineFile && d.Properties.ContainsKey(DiagnosticProperties.Resource)).ToList();
            Assert.True(findings.Count >= 3, string.Join("\n", findings));
            var entries = findings.Select(d => Entry("Kinds.cs", d.Properties[DiagnosticProperties.Member] ?? string.Empty, d.Properties[DiagnosticProperties.Resource]!, d.Id)).Distinct().ToArray();

            var diagnostics = await AdoptionHarness.AnalyzeAsync(new[] { (path, code) }, null, Baseline(entries));

            Assert.Empty(diagnostics.Of(RuleIdentifiers.BaselineFile));
            Assert.All(diagnostics.Where(d => d.Properties.ContainsKey(DiagnosticProperties.Resource)), d => Assert.True(d.IsSuppressed, d.ToString()));
        }

        [Fact]
        public void The_suppressor_has_one_suppression_per_rule_a_baseline_can_hold()
        {
            var suppressions = new BaselineSuppressor().SupportedSuppressions;
            Assert.Equal(BaselineFile.Rules, suppressions.Select(s => s.SuppressedDiagnosticId));
            Assert.Equal(suppressions.Length, suppressions.Select(s => s.Id).Distinct().Count());
            Assert.All(suppressions, s => Assert.Equal(BaselineSuppressor.Justification, s.Justification.ToString()));
        }
    }
}
