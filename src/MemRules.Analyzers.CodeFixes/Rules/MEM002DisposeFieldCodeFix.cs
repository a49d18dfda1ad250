using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM002: disposes the owned field in the type's disposal, making the type disposable when it is not
    /// (see <see cref="DisposalEditor"/>). A replaced field gets no fix: where to dispose the old value is
    /// the author's call.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MEM002DisposeFieldCodeFix))]
    public sealed class MEM002DisposeFieldCodeFix : DisposalCodeFix
    {
        private protected override string Title => "Dispose the field in Dispose";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UndisposedField);

        private protected override (DisposalEditor.Placement Placement, DisposalEditor.Additions Additions)? Build(
            TypeDeclarationSyntax declaration, INamedTypeSymbol type, List<Diagnostic> diagnostics, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
        {
            var additions = new DisposalEditor.Additions();
            var seen = new HashSet<string>();
            var hooks = new HashSet<string?>();
            foreach (var diagnostic in diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM002.Kind, out var kind) || kind == DiagnosticProperties.MEM002.Replaced)
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var declarator = node.FirstAncestorOrSelf<VariableDeclaratorSyntax>();
                var member = declarator != null
                    ? model.GetDeclaredSymbol(declarator, cancellationToken)
                    : node.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is { } property ? model.GetDeclaredSymbol(property, cancellationToken) : null;
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol p => p.Type,
                    _ => null,
                };
                if (member == null || memberType == null || !seen.Add(member.Name))
                {
                    continue;
                }

                diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM002.ReleaseHook, out var hook);
                hooks.Add(hook);
                bool asyncOnly = diagnostic.Properties.ContainsKey(DiagnosticProperties.MEM002.AsyncOnly);
                bool maybeNull = diagnostic.Properties.ContainsKey(DiagnosticProperties.MEM002.MaybeNull);
                var name = member.Name;
                if (asyncOnly)
                {
                    if (!HasPublicParameterless(memberType, "DisposeAsync"))
                    {
                        continue;
                    }

                    additions.Awaited.Add(maybeNull
                        ? DisposalEditor.Statement($"if ({name} != null)\n{{\n    await {name}.DisposeAsync().ConfigureAwait(false);\n}}")
                        : DisposalEditor.Statement($"await {name}.DisposeAsync().ConfigureAwait(false);"));
                }
                else
                {
                    // An explicitly implemented Dispose cannot be called as _f.Dispose(): no fix then.
                    if (!HasPublicParameterless(memberType, "Dispose"))
                    {
                        continue;
                    }

                    additions.Sync.Add(DisposalEditor.Statement(maybeNull ? $"{name}?.Dispose();" : $"{name}.Dispose();"));
                }
            }

            if (additions.IsEmpty)
            {
                return null;
            }

            var placement = DisposalEditor.Plan(type, declaration, model.Compilation, additions.Sync.Count > 0, additions.Awaited.Count > 0,
                hooks.Count == 1 ? hooks.First() : null); // fix-all over one type: the hook only when every member belongs there
            return placement == null ? null : (placement, additions);
        }

        private static bool HasPublicParameterless(ITypeSymbol type, string name)
        {
            IEnumerable<ITypeSymbol> types = type.TypeKind == TypeKind.Interface
                ? new[] { type }.Concat(type.AllInterfaces)
                : BaseTypes(type);
            return types.Any(t => t.GetMembers(name).OfType<IMethodSymbol>().Any(m =>
                m.Parameters.Length == 0 && !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public && m.MethodKind == MethodKind.Ordinary));
        }

        private static IEnumerable<ITypeSymbol> BaseTypes(ITypeSymbol type)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                yield return t;
            }
        }
    }
}
