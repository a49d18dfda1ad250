using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MemRules.Analyzers.Tests.Adoption
{
    /// <summary>
    /// The test defaults (docs/configuration.md, "Test projects"): in a project MSBuild marks as a test project,
    /// MEM001 and MEM003 findings in test classes are suggestions; <c>memrules.test_defaults</c> overrides;
    /// MEM002 counts a test framework's cleanup methods as disposal in every project.
    /// </summary>
    public class TestDefaultsTests
    {
        private const string Frameworks = """
            using System;
            public sealed class FactAttribute : Attribute { }
            public sealed class TestAttribute : Attribute { }
            public sealed class SetUpAttribute : Attribute { }
            public sealed class TearDownAttribute : Attribute { }
            public sealed class TestCleanupAttribute : Attribute { }
            public class SkippableFactAttribute : Attribute { }
            public sealed class RetryFactAttribute : SkippableFactAttribute { }
            public static class Assert { public static void True(bool value) { if (!value) throw new InvalidOperationException(); } }
            public sealed class Server : IDisposable
            {
                public void Start() { }
                public void Stop() { }
                public void Dispose() { }
            }
            """;

        private const string XunitTests = Frameworks + """
            public class RelayTests
            {
                private readonly System.IO.Stream _fixture = System.IO.Stream.Null;

                public RelayTests()
                {
                    var log = new System.IO.FileStream("ctor.log", System.IO.FileMode.Create);
                    log.WriteByte(0);
                }

                [Fact]
                public void Leaks_a_stream()
                {
                    var stream = new System.IO.FileStream("a.txt", System.IO.FileMode.Create);
                    stream.WriteByte(1);
                }

                [RetryFact]
                public void Disposes_after_the_assert()
                {
                    var stream = new System.IO.FileStream("b.txt", System.IO.FileMode.Create);
                    Assert.True(stream.CanWrite);
                    stream.Dispose();
                }
            }

            public static class FakeData
            {
                public static void Write()
                {
                    var stream = new System.IO.FileStream("c.txt", System.IO.FileMode.Create);
                    stream.WriteByte(1);
                }
            }
            """;

        private static Dictionary<string, string> TestProject(params (string Key, string Value)[] more)
        {
            var options = new Dictionary<string, string> { ["build_property.IsTestProject"] = "true" };
            foreach (var (key, value) in more)
            {
                options[key] = value;
            }

            return options;
        }

        private static (DiagnosticSeverity Severity, bool TestCode)[] Findings(IEnumerable<Diagnostic> diagnostics, string id) =>
            diagnostics.Of(id).Select(d => (d.Severity, d.Properties.ContainsKey(DiagnosticProperties.TestCode))).ToArray();

        [Fact]
        public async Task In_a_test_project_test_class_leaks_and_releases_after_asserts_are_suggestions()
        {
            var diagnostics = await AdoptionHarness.AnalyzeAsync(XunitTests, TestProject());

            // The constructor (xunit's set-up) and the [Fact] are test code; FakeData is not a test class.
            Assert.Equal(
                new[] { (DiagnosticSeverity.Info, true), (DiagnosticSeverity.Info, true), (DiagnosticSeverity.Warning, false) },
                Findings(diagnostics, RuleIdentifiers.UndisposedLocal));
            Assert.Equal(new[] { (DiagnosticSeverity.Info, true) }, Findings(diagnostics, RuleIdentifiers.CleanupOutsideFinally));
        }

        [Fact]
        public async Task Outside_a_test_project_the_same_code_is_reported_at_the_rules_severity()
        {
            var diagnostics = await AdoptionHarness.AnalyzeAsync(XunitTests);

            Assert.All(Findings(diagnostics, RuleIdentifiers.UndisposedLocal), f => Assert.Equal((DiagnosticSeverity.Warning, false), f));
            Assert.Equal(3, diagnostics.Of(RuleIdentifiers.UndisposedLocal).Count());
            Assert.Equal(new[] { (DiagnosticSeverity.Warning, false) }, Findings(diagnostics, RuleIdentifiers.CleanupOutsideFinally));
        }

        [Theory]
        [InlineData("false", "true", DiagnosticSeverity.Warning)]
        [InlineData("true", "false", DiagnosticSeverity.Info)]
        [InlineData("maybe", "true", DiagnosticSeverity.Info)]
        public async Task Memrules_test_defaults_overrides_what_the_project_says(string testDefaults, string isTestProject, DiagnosticSeverity expected)
        {
            var options = new Dictionary<string, string>
            {
                ["build_property.IsTestProject"] = isTestProject,
                ["memrules.test_defaults"] = testDefaults,
            };

            var diagnostics = await AdoptionHarness.AnalyzeAsync(XunitTests, options);

            var inTests = diagnostics.Of(RuleIdentifiers.UndisposedLocal).Where(d => d.Properties[DiagnosticProperties.Member]!.StartsWith("RelayTests.", System.StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(inTests);
            Assert.All(inTests, d => Assert.Equal(expected, d.Severity));
        }

        [Fact]
        public async Task A_field_released_in_a_test_frameworks_cleanup_method_is_disposed_in_every_project()
        {
            var code = Frameworks + """
                public class NUnitServerTests
                {
                    private Server _server;

                    [SetUp]
                    public void Start() { _server = new Server(); _server.Start(); }

                    [TearDown]
                    public void Stop() => _server.Stop();

                    [Test]
                    public void Serves() { }
                }

                public class MSTestServerTests
                {
                    private readonly Server _server = new Server();

                    [TestCleanup]
                    public void Cleanup() => _server.Stop();
                }

                public class ForgetsTheServer
                {
                    private readonly Server _server = new Server();

                    public void Cleanup() => _server.Stop();
                }
                """;

            var diagnostics = await AdoptionHarness.AnalyzeAsync(code);

            var reported = Assert.Single(diagnostics.Of(RuleIdentifiers.UndisposedField));
            Assert.Contains("'ForgetsTheServer' owns '_server'", reported.GetMessage());
        }
    }
}
