using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// The compilation every test builds, for the verifiers and the reliability harness alike: the .NET 8
    /// reference assemblies of the pinned Basic.Reference.Assemblies.Net80 package (nothing is downloaded
    /// at test time), nullable annotations from C# 8, unsafe code allowed.
    /// </summary>
    public static class TestProject
    {
        public static ImmutableArray<MetadataReference> References { get; } =
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

        public static CSharpCompilationOptions CompilationOptions(LanguageVersion languageVersion, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary) =>
            new CSharpCompilationOptions(
                outputKind,
                nullableContextOptions: languageVersion.MapSpecifiedToEffectiveVersion() >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable,
                allowUnsafe: true);

        /// <summary>A library of <paramref name="trees"/> on <see cref="References"/>, for tests that ask the analyzers' own parts directly.</summary>
        public static CSharpCompilation Compile(params SyntaxTree[] trees) =>
            CSharpCompilation.Create("t", trees, References, CompilationOptions(LanguageVersion.Latest));

        /// <summary>.editorconfig lines for <c>[*.cs]</c>, or a whole file when they contain a section header.</summary>
        public static string EditorConfig(string text) => text.Contains('[') ? text : "root = true\n\n[*.cs]\n" + text + "\n";

        /// <summary>
        /// Points a framework test at <see cref="References"/> (with an empty reference set, so that the
        /// framework resolves no package), lets <c>[|...|]</c> stand for the analyzer's first diagnostic ID
        /// and applies the language version when each project is created.
        /// </summary>
        internal static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, Func<LanguageVersion> languageVersion)
            where TVerifier : IVerifier, new()
        {
            test.ReferenceAssemblies = new ReferenceAssemblies("net8.0");
            test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
            test.TestState.AdditionalReferences.AddRange(References);
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                var version = languageVersion();
                var options = CompilationOptions(version, project.CompilationOptions!.OutputKind);
                return solution
                    .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(version))
                    .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions).WithNullableContextOptions(options.NullableContextOptions));
            });
        }

        /// <summary>Adds the .editorconfig, if any, to a test's state.</summary>
        internal static void AddEditorConfig(SolutionState state, string? editorConfig)
        {
            if (editorConfig != null)
            {
                state.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig(editorConfig)));
            }
        }
    }
}
