using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>One piece of a type's own code: a member (method, accessor, constructor, field) and its operation tree.</summary>
    internal readonly struct MemberBody
    {
        public MemberBody(ISymbol member, IOperation root)
        {
            Member = member;
            Root = root;
        }

        /// <summary>The method, accessor, or field/property (for an initializer) the code belongs to.</summary>
        public ISymbol Member { get; }

        public IOperation Root { get; }
    }

    /// <summary>
    /// The operation trees of the members a type declares (not of its nested types), in every part of the
    /// type, built on demand. The type-level rules ask for them only once a cheap check on the type's
    /// symbols and syntax says it may hold what they look for, so the compiler binds the bodies of those
    /// few types only, instead of every body in the compilation.
    /// </summary>
    internal static class MemberBodies
    {
        /// <param name="selection">When given, only these members' code (and a primary constructor's) is bound.</param>
        public static IEnumerable<MemberBody> Of(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken, MentioningMembers? selection = null)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                var model = SemanticModels.Get(compilation, declaration.SyntaxTree);
                if (declaration.ParameterList != null &&
                    model.GetOperation(declaration, cancellationToken) is { } primaryConstructor &&
                    model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol declared)
                {
                    // A primary constructor's base-call arguments and parameter captures.
                    foreach (var constructor in declared.InstanceConstructors)
                    {
                        if (!constructor.IsImplicitlyDeclared || constructor.Parameters.Length == declaration.ParameterList.Parameters.Count)
                        {
                            yield return new MemberBody(constructor, primaryConstructor);
                            break;
                        }
                    }
                }

                foreach (var member in declaration.Members)
                {
                    if (selection != null && !selection.Contains(member))
                    {
                        continue;
                    }

                    foreach (var body in OfMember(member, model, cancellationToken))
                    {
                        yield return body;
                    }
                }
            }
        }

        private static IEnumerable<MemberBody> OfMember(MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (member)
            {
                case BaseMethodDeclarationSyntax method:
                    if (model.GetDeclaredSymbol(method, cancellationToken) is { } methodSymbol && model.GetOperation(method, cancellationToken) is { } methodBody)
                    {
                        yield return new MemberBody(methodSymbol, methodBody);
                    }

                    break;

                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer != null && model.GetDeclaredSymbol(variable, cancellationToken) is { } fieldSymbol &&
                            model.GetOperation(variable.Initializer, cancellationToken) is { } initializer)
                        {
                            yield return new MemberBody(fieldSymbol, initializer);
                        }
                    }

                    break;

                case BasePropertyDeclarationSyntax property:
                    var propertySymbol = model.GetDeclaredSymbol(property, cancellationToken);
                    if (propertySymbol == null)
                    {
                        break;
                    }

                    if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer } &&
                        model.GetOperation(propertyInitializer, cancellationToken) is { } initializerOperation)
                    {
                        yield return new MemberBody(propertySymbol, initializerOperation);
                    }

                    var arrow = property switch
                    {
                        PropertyDeclarationSyntax p => p.ExpressionBody,
                        IndexerDeclarationSyntax i => i.ExpressionBody,
                        _ => null,
                    };
                    if (arrow != null && propertySymbol is IPropertySymbol { GetMethod: { } getter } &&
                        model.GetOperation(arrow, cancellationToken) is { } arrowBody)
                    {
                        yield return new MemberBody(getter, arrowBody);
                    }

                    foreach (var accessor in property.AccessorList?.Accessors ?? default)
                    {
                        if (model.GetDeclaredSymbol(accessor, cancellationToken) is { } accessorSymbol &&
                            model.GetOperation(accessor, cancellationToken) is { } accessorBody)
                        {
                            yield return new MemberBody(accessorSymbol, accessorBody);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Semantic models for code outside the syntax an action was given.</summary>
    internal static class SemanticModels
    {
        /// <summary>
        /// In the analyzer driver this returns the model it caches for the tree while the tree is being
        /// analyzed (checked on Roslyn 4.8 and 4.14), so nothing is bound twice; callers ask only for the few
        /// trees a cheap check has selected.
        /// </summary>
        public static SemanticModel Get(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel(): see above; there is no other way to reach another member's body.
            return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }
    }
}
