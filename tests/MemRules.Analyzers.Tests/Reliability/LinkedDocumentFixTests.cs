using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// A file compiled in two targets (a project multi-targeted to netstandard2.0 and net8.0) is one linked
    /// document per target; <c>dotnet format</c> fixes each and merges them, and two different rewrites of
    /// the same lines become merge-conflict markers. A fix must write what every target compiles.
    /// </summary>
    public class LinkedDocumentFixTests
    {
        private const string Source = """
            using System.IO;
            class C
            {
                int M(string p)
                {
                    var s = new FileStream(p, FileMode.Open);
                    return s.ReadByte();
                }
            }
            """;

        [Fact]
        public async Task The_fix_in_the_newer_target_is_the_one_the_older_target_compiles()
        {
            var (modern, legacy) = LinkedProjects(LanguageVersion.Latest, LanguageVersion.CSharp7_3);
            var fixedModern = await FixAsync(modern);
            var fixedLegacy = await FixAsync(legacy);

            // Below C# 8 there are no using declarations: both targets get the using statement, the same text.
            Assert.Contains("using (var s = new FileStream(p, FileMode.Open))", fixedModern);
            Assert.Equal(fixedModern, fixedLegacy);
        }

        [Fact]
        public async Task A_single_target_gets_the_using_declaration()
        {
            var (modern, _) = LinkedProjects(LanguageVersion.Latest, null);
            Assert.Contains("using var s = new FileStream(p, FileMode.Open);", await FixAsync(modern));
        }

        /// <summary>Two projects (or one) holding the same file path: Roslyn links their documents.</summary>
        private static (Document First, Document Second) LinkedProjects(LanguageVersion first, LanguageVersion? second)
        {
            var workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
            var solution = workspace.CurrentSolution;
            Document? a = null, b = null;
            foreach (var (version, name) in new[] { ((LanguageVersion?)first, "Modern"), (second, "Legacy") })
            {
                if (version == null)
                {
                    continue;
                }

                var projectId = ProjectId.CreateNewId();
                solution = solution.AddProject(ProjectInfo.Create(
                    projectId, VersionStamp.Default, name, name, LanguageNames.CSharp,
                    filePath: "/0/" + name + ".csproj",
                    compilationOptions: TestProject.CompilationOptions(version.Value),
                    parseOptions: new CSharpParseOptions(version.Value),
                    metadataReferences: TestProject.References));
                var documentId = DocumentId.CreateNewId(projectId);
                solution = solution.AddDocument(documentId, "Shared.cs", SourceText.From(Source, Encoding.UTF8), filePath: "/0/Shared.cs");
                if (a == null)
                {
                    a = solution.GetDocument(documentId);
                }
                else
                {
                    b = solution.GetDocument(documentId);
                }
            }

            a = solution.GetDocument(a!.Id)!;
            b = b == null ? a : solution.GetDocument(b.Id)!;
            Assert.Equal(second == null ? 0 : 1, a.GetLinkedDocumentIds().Length);
            return (a, b);
        }

        private static async Task<string> FixAsync(Document document)
        {
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MEM001UndisposedLocalAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();
            var diagnostic = Assert.Single(diagnostics);
            var action = Assert.Single(await AllRules.GetActionsAsync(document, new MEM001UsingDeclarationCodeFix(), diagnostic));
            var solution = (await AllRules.ApplyAsync(action))!;
            return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        }
    }
}
