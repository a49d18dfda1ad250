using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The pieces of executable code in a syntax tree, as the analyzer driver hands them to code-block actions
    /// (checked on Roslyn 4.8 and 4.14): a method, constructor, operator or accessor; an arrow-bodied property's
    /// or indexer's arrow; one field's or property's initializer; a primary constructor's base arguments; the
    /// top-level statements. The local-resource rules and MEM004 find their candidates in a semantic-model
    /// action over the tree's syntax and bind only the pieces that hold one: measured on NLog, any code-block
    /// or syntax-node registration makes the driver analyze every declaration for the analyzer (24–37 MB more
    /// allocated per 87,000 lines, a semantic-model action none).
    /// </summary>
    internal static class CodeBlocks
    {
        /// <summary>The piece of code around <paramref name="node"/>; null outside executable code (attributes, enum values).</summary>
        public static SyntaxNode? Around(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AccessorDeclarationSyntax:
                    case BaseMethodDeclarationSyntax:
                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } or PropertyDeclarationSyntax }:
                        return current;
                    case PrimaryConstructorBaseTypeSyntax { Parent.Parent: TypeDeclarationSyntax { ParameterList: not null } type }:
                        return type;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                    case AttributeListSyntax:
                    case BaseTypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The member a piece belongs to, as code-block actions see it (a field for its initializer, the getter for
        /// an arrow-bodied property, the entry point for top-level statements); null when it is generated code
        /// (<c>[GeneratedCode]</c> on it or a containing type), which the driver would not have analyzed either.
        /// </summary>
        public static ISymbol? Owner(SyntaxNode block, SemanticModel model, CancellationToken cancellationToken)
        {
            ISymbol? owner = block switch
            {
                ArrowExpressionClauseSyntax { Parent: { } property } => (model.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.GetMethod,
                EqualsValueClauseSyntax { Parent: { } declared } => model.GetDeclaredSymbol(declared, cancellationToken),
                TypeDeclarationSyntax type => PrimaryConstructor(type, model, cancellationToken),
                CompilationUnitSyntax unit => FirstGlobalStatement(unit) is { } first ? model.GetEnclosingSymbol(first.Statement.SpanStart, cancellationToken) : null,
                _ => model.GetDeclaredSymbol(block, cancellationToken),
            };
            return owner == null || IsGeneratedCode(owner) ? null : owner;
        }

        private static ISymbol? PrimaryConstructor(TypeDeclarationSyntax type, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol declared)
            {
                return null;
            }

            foreach (var constructor in declared.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == type.SyntaxTree && reference.Span == type.Span)
                    {
                        return constructor;
                    }
                }
            }

            return null;
        }

        private static GlobalStatementSyntax? FirstGlobalStatement(CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax statement)
                {
                    return statement;
                }
            }

            return null;
        }

        private static bool IsGeneratedCode(ISymbol symbol)
        {
            for (var current = symbol; current != null; current = current.ContainingType)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute", ContainingNamespace: { Name: "Compiler", ContainingNamespace: { Name: "CodeDom", ContainingNamespace.Name: "System" } } })
                    {
                        return true;
                    }
                }

                if (current is IMethodSymbol { AssociatedSymbol: { } property } && IsGeneratedCode(property))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The <paramref name="wanted"/> nodes of the context's tree, each with the member its piece of code belongs
        /// to (<see cref="Owner"/>, resolved once per piece; generated code left out).
        /// </summary>
        public static IEnumerable<(SyntaxNode Node, ISymbol Owner)> WithOwners(SemanticModelAnalysisContext context, System.Func<SyntaxNode, bool> wanted)
        {
            foreach (var (block, nodes) in Group(context, wanted))
            {
                if (Owner(block, context.SemanticModel, context.CancellationToken) is { } owner)
                {
                    foreach (var node in nodes)
                    {
                        yield return (node, owner);
                    }
                }
            }
        }

        /// <summary>
        /// The <paramref name="wanted"/> nodes of the context's tree grouped by the piece of code around them, pieces
        /// in the order of their first node; when the IDE asks for a span only (<c>FilterSpan</c>), only the pieces
        /// that overlap it, each with all its nodes. <paramref name="wanted"/> is asked only about the kinds
        /// <see cref="CodeNodes"/> keeps (creations, calls, throws, try statements, <c>+=</c>, <c>-=</c>, local functions).
        /// </summary>
        public static List<(SyntaxNode Block, List<SyntaxNode> Nodes)> Group(SemanticModelAnalysisContext context, System.Func<SyntaxNode, bool> wanted)
        {
            var cancellationToken = context.CancellationToken;
            var filter = context.FilterSpan;
            var groups = new List<(SyntaxNode, List<SyntaxNode>)>();
            Dictionary<SyntaxNode, int>? index = null;
            var nodes = CodeNodes.Of(context.SemanticModel, cancellationToken);
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                if (!wanted(node) || Around(node) is not { } block || (filter is { } span && !block.Span.IntersectsWith(span)))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                index ??= new Dictionary<SyntaxNode, int>();
                if (!index.TryGetValue(block, out var at))
                {
                    index.Add(block, at = groups.Count);
                    groups.Add((block, new List<SyntaxNode>()));
                }

                groups[at].Item2.Add(node);
            }

            return groups;
        }
    }
}
