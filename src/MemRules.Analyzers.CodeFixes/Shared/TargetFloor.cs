using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// What every target of a document supports. In a project multi-targeted to, say, netstandard2.0 (C# 7.3)
    /// and net8.0, <c>dotnet format</c> fixes the file once per target and merges the results: two different
    /// rewrites of the same lines become merge-conflict markers. A fix writes only what all targets compile.
    /// </summary>
    internal readonly struct TargetFloor
    {
        private TargetFloor(LanguageVersion languageVersion, bool hasAsyncDisposable)
        {
            LanguageVersion = languageVersion;
            HasAsyncDisposable = hasAsyncDisposable;
        }

        /// <summary>The lowest language version among the document's targets.</summary>
        public LanguageVersion LanguageVersion { get; }

        /// <summary>Whether every target has <c>System.IAsyncDisposable</c> (for <c>await using</c>).</summary>
        public bool HasAsyncDisposable { get; }

        public bool HasUsingDeclarations => LanguageVersion >= LanguageVersion.CSharp8;

        /// <summary>The floor of one compilation, for code that has no document at hand.</summary>
        public static TargetFloor Of(SemanticModel model) =>
            new TargetFloor(VersionOf(model.SyntaxTree), model.Compilation.GetTypeByMetadataName("System.IAsyncDisposable") != null);

        public static async Task<TargetFloor> OfAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var version = tree == null ? LanguageVersion.CSharp1 : VersionOf(tree);
            bool asyncDisposable = compilation?.GetTypeByMetadataName("System.IAsyncDisposable") != null;
            foreach (var linkedId in document.GetLinkedDocumentIds())
            {
                var linked = document.Project.Solution.GetDocument(linkedId);
                if (linked == null)
                {
                    continue;
                }

                if (await linked.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is { } linkedTree && VersionOf(linkedTree) < version)
                {
                    version = VersionOf(linkedTree);
                }

                var linkedCompilation = await linked.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                asyncDisposable &= linkedCompilation?.GetTypeByMetadataName("System.IAsyncDisposable") != null;
            }

            return new TargetFloor(version, asyncDisposable);
        }

        private static LanguageVersion VersionOf(SyntaxTree tree) =>
            tree.Options is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.CSharp1;
    }
}
