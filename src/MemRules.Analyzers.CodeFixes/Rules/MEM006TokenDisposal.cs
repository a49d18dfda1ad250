using System.Collections.Generic;
using System.Threading;
using MemRules.Analyzers.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM006's fix for a subscription that returns a token: a dropped token is kept in a new field
    /// (<c>_sourceSubscription = source.Subscribe(...);</c>, readonly when the subscription is in a constructor),
    /// and the field — new, or the one that already keeps the token — is disposed in the type's disposal.
    /// Subscriptions made again and again (a loop, a lambda, a method that can run many times) have no fix:
    /// disposing the last token would not release the others.
    /// </summary>
    internal static class MEM006TokenDisposal
    {
        /// <summary>Adds what one token diagnostic needs to <paramref name="additions"/>; false when it has no fix.</summary>
        public static bool TryAdd(
            Diagnostic diagnostic, SyntaxNode root, SemanticModel model, INamedTypeSymbol type, DisposalEditor.Additions additions,
            HashSet<string> names, bool singleConstructor, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM006.Token, out var token) ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node ||
                node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
            {
                return false;
            }

            var nullableEnabled = (model.GetNullableContext(invocation.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            switch (token)
            {
                case DiagnosticProperties.MEM006.DroppedToken:
                    return KeepAndDispose(diagnostic, invocation, model, type, additions, names, singleConstructor, nullableEnabled, cancellationToken);
                case DiagnosticProperties.MEM006.StoredToken:
                    if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM006.TokenField, out var fieldName) || fieldName == null)
                    {
                        return false;
                    }

                    foreach (var member in type.GetMembers(fieldName))
                    {
                        var (memberType, isReadOnly) = member switch
                        {
                            IFieldSymbol field => (field.Type, field.IsReadOnly),
                            IPropertySymbol property => (property.Type, property.SetMethod == null),
                            _ => (null, false),
                        };
                        if (memberType != null && !member.IsStatic)
                        {
                            additions.Sync.Add(DisposalEditor.Statement(Dispose(fieldName, memberType, isReadOnly && singleConstructor)));
                            return true;
                        }
                    }

                    return false;
                default:
                    return false; // made again and again: no single field can release them
            }
        }

        private static bool KeepAndDispose(
            Diagnostic diagnostic, InvocationExpressionSyntax invocation, SemanticModel model, INamedTypeSymbol type, DisposalEditor.Additions additions,
            HashSet<string> names, bool singleConstructor, bool nullableEnabled, CancellationToken cancellationToken)
        {
            // The whole expression that yields the token: `source.Subscribe(...)`, `source?.Subscribe(...)`.
            ExpressionSyntax expression = invocation;
            while (expression.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == expression)
            {
                expression = conditional;
            }

            var statement = expression.Parent switch
            {
                ExpressionStatementSyntax dropped => dropped,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax discarded } assignment
                    when assignment.Right == expression => discarded,
                _ => null,
            };
            var member = statement?.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (statement?.Parent is not BlockSyntax || member is not (ConstructorDeclarationSyntax or MethodDeclarationSyntax) ||
                model.GetTypeInfo(expression, cancellationToken).Type is not { } tokenType || tokenType.TypeKind == TypeKind.Error)
            {
                return false;
            }

            bool inConstructor = member is ConstructorDeclarationSyntax;
            diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM006.TokenName, out var suggested);
            var name = MEM006UnsubscribeInDisposeCodeFix.UniqueName(names, "_" + (string.IsNullOrEmpty(suggested) ? "subscription" : suggested));

            // Assigned in one constructor only, a reference-type field may be null elsewhere: say so where annotations are on.
            bool definitelyAssigned = inConstructor && singleConstructor;
            var fieldType = tokenType;
            if (!definitelyAssigned && nullableEnabled && fieldType.IsReferenceType)
            {
                fieldType = fieldType.WithNullableAnnotation(NullableAnnotation.Annotated);
            }
            else if (!nullableEnabled)
            {
                fieldType = fieldType.WithNullableAnnotation(NullableAnnotation.None);
            }

            var typeText = fieldType.ToMinimalDisplayString(model, statement.SpanStart);
            additions.Fields.Add(SyntaxFactory.ParseMemberDeclaration($"private {(inConstructor ? "readonly " : string.Empty)}{typeText} {name};")!
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
            additions.Edits.Add((statement, current =>
            {
                var dropped = ((ExpressionStatementSyntax)current).Expression;
                var value = dropped is AssignmentExpressionSyntax discard ? discard.Right : dropped;
                var keep = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(name), value.WithoutTrivia()));
                return new SyntaxNode[] { keep.WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation) };
            }));
            additions.Sync.Add(DisposalEditor.Statement(Dispose(name, fieldType, definitelyAssigned)));
            return true;
        }

        /// <summary><c>_token.Dispose();</c> for a struct or a field that certainly holds a token; <c>_token?.Dispose();</c> otherwise.</summary>
        private static string Dispose(string name, ITypeSymbol type, bool certainlyAssigned)
        {
            bool nullable = type.IsReferenceType
                ? type.NullableAnnotation == NullableAnnotation.Annotated || !certainlyAssigned
                : type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            return nullable ? $"{name}?.Dispose();" : $"{name}.Dispose();";
        }
    }
}
