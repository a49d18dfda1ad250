using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>
    /// Where a publisher comes from, and whether it may outlive the subscriber: a static member, a parameter of
    /// a non-private member, a field or auto-property of the type (then its origin decides, see
    /// <see cref="MemberFacts.IsOnlyInjected"/>), or a member of such an object. The same reasoning for
    /// <c>+=</c> and for subscriptions that return a token.
    /// </summary>
    internal static class Publishers
    {
        /// <summary>One of <see cref="DiagnosticProperties.MEM006"/>'s publisher values; null when the publisher is not known to outlive this object.</summary>
        public static string? Classify(IOperation? instance, ISymbol containing, INamedTypeSymbol type, out ISymbol? publisherMember)
        {
            publisherMember = null;
            switch (Operations.StripConversions(instance))
            {
                case IParameterReferenceOperation parameter:
                    // A private method's (or a lambda's) parameter is fed by the type's own code, often with
                    // a child it created: not known to outlive it.
                    if (!SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, containing) ||
                        containing.DeclaredAccessibility == Accessibility.Private)
                    {
                        return null;
                    }

                    return containing is IMethodSymbol { MethodKind: MethodKind.Constructor }
                        ? DiagnosticProperties.MEM006.ConstructorParameterPublisher
                        : DiagnosticProperties.MEM006.ParameterPublisher;
                case IFieldReferenceOperation { Field.IsStatic: true } staticField:
                    return SymbolEqualityComparer.Default.Equals(staticField.Field.ContainingType, type)
                        ? DiagnosticProperties.MEM006.StaticPublisher
                        : DiagnosticProperties.MEM006.StaticMemberPublisher;
                case IPropertyReferenceOperation { Property.IsStatic: true }:
                    return DiagnosticProperties.MEM006.StaticMemberPublisher;
                case IMemberReferenceOperation member:
                    var own = TypeDisposal.OwnMemberOf(member, type);
                    if (own != null)
                    {
                        publisherMember = own;
                        return DiagnosticProperties.MEM006.FieldPublisher;
                    }

                    // A member of another object: what that object hangs from decides.
                    var root = Classify(member.Instance, containing, type, out publisherMember);
                    return root == null ? null : root == DiagnosticProperties.MEM006.FieldPublisher ? root : DiagnosticProperties.MEM006.MemberPublisher;
                default:
                    // this/base, locals (created here or fetched), invocation results: not reported.
                    return null;
            }
        }
    }
}
