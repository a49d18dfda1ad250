using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs one analyzer over markup sources and checks that it reports exactly the marked spans and
    /// that the sources compile without errors. The conventions are those of Microsoft.CodeAnalysis.Testing.
    /// </summary>
    public class AnalyzerTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        /// <summary>The main source, with markup.</summary>
        public string TestCode { get; set; } = string.Empty;

        /// <summary>More source files, with markup.</summary>
        public List<string> AdditionalSources { get; } = new List<string>();

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        /// <summary>.editorconfig lines for <c>[*.cs]</c> (or a whole file when it has a section header).</summary>
        public string? EditorConfig { get; set; }

        /// <summary>Broken-code tests set this; otherwise any compiler error fails the test.</summary>
        public bool AllowCompilerErrors { get; set; }

        public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

        /// <summary>The ID that <c>[|...|]</c> stands for: the analyzer's first descriptor's.</summary>
        protected string DefaultId { get; } = new TAnalyzer().SupportedDiagnostics[0].Id;

        public virtual async Task RunAsync(CancellationToken cancellationToken = default)
        {
            var (project, expected) = CreateProject(AllSources());
            await VerifyDiagnosticsAsync(project, expected, "the test code", cancellationToken);
        }

        protected IEnumerable<string> AllSources() => new[] { TestCode }.Concat(AdditionalSources);

        /// <summary>Builds a one-project solution from markup sources; returns the expected spans by document name.</summary>
        protected (Project Project, Dictionary<string, List<ExpectedSpan>> Expected) CreateProject(IEnumerable<string> markupSources)
        {
            var workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
            var projectId = ProjectId.CreateNewId();
            var parseOptions = new CSharpParseOptions(LanguageVersion, DocumentationMode.Diagnose);
            var compilationOptions = new CSharpCompilationOptions(
                OutputKind,
                nullableContextOptions: LanguageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable,
                allowUnsafe: true);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "TestProject", "TestProject", LanguageNames.CSharp,
                    filePath: "/0/TestProject.csproj",
                    compilationOptions: compilationOptions,
                    parseOptions: parseOptions,
                    metadataReferences: ReferenceAssemblies.Net));

            var expected = new Dictionary<string, List<ExpectedSpan>>();
            int index = 0;
            foreach (var markup in markupSources)
            {
                var (code, spans) = Markup.Parse(markup);
                var name = $"Test{index}.cs";
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(code, Encoding.UTF8), filePath: "/0/" + name);
                expected[name] = spans;
                index++;
            }

            if (EditorConfig != null)
            {
                var text = EditorConfig.Contains('[') ? EditorConfig : "root = true\n\n[*.cs]\n" + EditorConfig;
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(text), filePath: "/0/.editorconfig");
            }

            return (solution.GetProject(projectId)!, expected);
        }

        protected async Task VerifyDiagnosticsAsync(Project project, Dictionary<string, List<ExpectedSpan>> expected, string what, CancellationToken cancellationToken)
        {
            if (!AllowCompilerErrors)
            {
                await AssertCompilesAsync(project, what, cancellationToken);
            }

            var actual = await GetAnalyzerDiagnosticsAsync(project, cancellationToken);
            var failures = new StringBuilder();
            foreach (var document in project.Documents)
            {
                var tree = (await document.GetSyntaxTreeAsync(cancellationToken))!;
                var text = await document.GetTextAsync(cancellationToken);
                var want = expected.TryGetValue(document.Name, out var spans) ? spans : new List<ExpectedSpan>();
                var got = actual.Where(d => d.Location.SourceTree == tree).ToList();

                foreach (var e in want)
                {
                    var id = e.Id ?? DefaultId;
                    if (!got.Any(d => d.Id == id && d.Location.SourceSpan == e.Span))
                    {
                        failures.AppendLine($"  missing  {id} at {Describe(text, e.Span)}");
                    }
                }

                foreach (var d in got)
                {
                    if (!want.Any(e => (e.Id ?? DefaultId) == d.Id && e.Span == d.Location.SourceSpan))
                    {
                        failures.AppendLine($"  extra    {d.Id} at {Describe(text, d.Location.SourceSpan)}: {d.GetMessage()}");
                    }
                }
            }

            if (failures.Length > 0)
            {
                throw new XunitException($"Diagnostics of {what} differ from the markup ({typeof(TAnalyzer).Name}):\n{failures}");
            }
        }

        /// <summary>The analyzer's diagnostics, in document order; fails on any analyzer exception.</summary>
        public async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(Project project, CancellationToken cancellationToken = default)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken))!;
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (ex, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add(ex); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()), options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
            if (exceptions.Count > 0)
            {
                throw new XunitException($"{typeof(TAnalyzer).Name} threw: {exceptions[0]}");
            }

            var ad0001 = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
            if (ad0001 != null)
            {
                throw new XunitException($"{typeof(TAnalyzer).Name} threw: {ad0001.GetMessage()}");
            }

            return diagnostics
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }

        protected static async Task AssertCompilesAsync(Project project, string what, CancellationToken cancellationToken)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken))!;
            var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new XunitException($"{what} does not compile:\n" + string.Join("\n", errors.Take(10).Select(e => "  " + e)) +
                    "\n\n" + string.Join("\n---\n", project.Documents.Select(d => d.GetTextAsync(cancellationToken).Result.ToString())));
            }
        }

        protected static string Describe(SourceText text, TextSpan span)
        {
            var line = text.Lines.GetLinePosition(span.Start);
            return $"({line.Line + 1},{line.Character + 1}) '{text.ToString(span)}'";
        }
    }
}
