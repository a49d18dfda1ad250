using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Collections
{
    /// <summary>What the syntax of a collection field's uses settles without binding.</summary>
    internal enum SyntaxVerdict
    {
        /// <summary>No use can grow it: it is never reported.</summary>
        NeverGrows,

        /// <summary>A use that certainly names the field shrinks it, or passes it by <c>ref</c>: it is bounded.</summary>
        Bounded,

        /// <summary>Only the semantic classification (<see cref="CollectionUses"/>) can tell.</summary>
        Undecided,
    }

    /// <summary>
    /// The cheap first look at a collection field: its uses found by name in the syntax that can see it.
    /// Most fields are settled here (never grown outside a constructor's shape, or shrunk somewhere), and
    /// only the rest cost a binding of the bodies that use them. The verdicts are conservative: a use that
    /// may name something else (a local, a parameter or a nested type's member of the same name, a member
    /// of another object) never settles a field as bounded.
    /// </summary>
    internal static class CollectionFieldSyntax
    {
        /// <summary>
        /// Identifier occurrences of every name <paramref name="isName"/> accepts under <paramref name="root"/>, in one
        /// pass over its tokens (a type with thousands of candidate fields stays linear), added to <paramref name="into"/>
        /// by name; a name that does not occur gets no entry.
        /// </summary>
        public static void CollectOccurrences(SyntaxNode root, System.Func<string, bool> isName, Dictionary<string, List<IdentifierNameSyntax>> into)
        {
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is IdentifierNameSyntax identifier && isName(token.ValueText))
                {
                    if (!into.TryGetValue(token.ValueText, out var list))
                    {
                        into.Add(token.ValueText, list = new List<IdentifierNameSyntax>());
                    }

                    list.Add(identifier);
                }
            }
        }

        public static SyntaxVerdict Judge(IReadOnlyList<IdentifierNameSyntax> occurrences, IFieldSymbol field, CollectionKind kind)
        {
            bool mayGrow = false;
            foreach (var occurrence in occurrences)
            {
                var (grows, certain) = UseOf(occurrence, kind);
                if (grows == true)
                {
                    mayGrow = true;
                }
                else if (grows == false && certain && !IsShadowed(occurrence, field))
                {
                    return SyntaxVerdict.Bounded;
                }
            }

            return mayGrow ? SyntaxVerdict.Undecided : SyntaxVerdict.NeverGrows;
        }

        /// <summary>
        /// Whether the occurrence grows (true) or bounds (false) the collection it names, by its shape; null
        /// when it does neither. <c>Certain</c>: no receiver other than <c>this</c> is in front of it.
        /// </summary>
        private static (bool? Grows, bool Certain) UseOf(IdentifierNameSyntax occurrence, CollectionKind kind)
        {
            ExpressionSyntax node = occurrence;
            bool certain = true;
            if (node.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == node)
            {
                // `this._items` names the field; `other._items` may be another object's, or another type's member.
                certain = qualified.Expression is ThisExpressionSyntax;
                node = qualified;
            }

            while (node.Parent is ParenthesizedExpressionSyntax || node.Parent.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                node = (ExpressionSyntax)node.Parent!;
            }

            switch (node.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == node:
                    return (CollectionKnowledge.GrowsByName(access.Name.Identifier.ValueText, kind), certain);
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == node:
                    return (conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding }
                        ? CollectionKnowledge.GrowsByName(binding.Name.Identifier.ValueText, kind)
                        : null, certain);
                case ElementAccessExpressionSyntax element when element.Expression == node &&
                                                              element.Parent is AssignmentExpressionSyntax assignment && assignment.Left == element:
                    return (true, certain);
                case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword):
                    return (false, certain); // Interlocked.Exchange(ref _items, new()): a swap
                default:
                    return (null, certain);
            }
        }

        /// <summary>
        /// True unless the occurrence is inside the field's own type and certainly names the field: no member
        /// of the same name in a nested type around it, no local, parameter or range variable of that name in
        /// the member around it.
        /// </summary>
        private static bool IsShadowed(SyntaxNode occurrence, IFieldSymbol field)
        {
            string name = field.Name;
            for (var node = occurrence.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case TypeDeclarationSyntax type when type.Identifier.ValueText == field.ContainingType.Name:
                        return false;
                    case TypeDeclarationSyntax nested when DeclaresMember(nested, name):
                        return true;
                    case BaseTypeDeclarationSyntax:
                        break;
                    case MemberDeclarationSyntax member when DeclaresLocal(member, name):
                        return true;
                }
            }

            return true;
        }

        private static bool DeclaresMember(TypeDeclarationSyntax type, string name)
        {
            foreach (var member in type.Members)
            {
                switch (member)
                {
                    case BaseFieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Identifier.ValueText == name)
                            {
                                return true;
                            }
                        }

                        break;
                    case PropertyDeclarationSyntax property when property.Identifier.ValueText == name:
                    case MethodDeclarationSyntax method when method.Identifier.ValueText == name:
                        return true;
                }
            }

            return false;
        }

        private static bool DeclaresLocal(SyntaxNode member, string name)
        {
            foreach (var node in member.DescendantNodes())
            {
                var declared = node switch
                {
                    VariableDeclaratorSyntax variable => variable.Identifier,
                    ParameterSyntax parameter => parameter.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    ForEachStatementSyntax loop => loop.Identifier,
                    CatchDeclarationSyntax caught => caught.Identifier,
                    FromClauseSyntax from => from.Identifier,
                    LetClauseSyntax let => let.Identifier,
                    JoinClauseSyntax join => join.Identifier,
                    QueryContinuationSyntax into => into.Identifier,
                    _ => default,
                };
                if (declared.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
