using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Disposables obtained from a resource: <c>socket.GetStream()</c>, <c>archive.GetEntry(n).Open()</c>,
    /// <c>connection.CreateCommand()</c>. When one outlives the function — returned, stored in a field, or
    /// passed to a call whose result is — the resource must live as long as it (a <c>NetworkStream</c> that owns
    /// its socket, an entry stream reading from its archive): that use hands the resource on, as returning it
    /// would, and a path that never gets there still leaks it. The fixes ask the same question before writing a <c>using</c>.
    /// </summary>
    internal static class DerivedValues
    {
        /// <summary>Locals followed through (<c>var s = client.GetStream(); _stream = Wrap(s);</c>) before giving up.</summary>
        private const int MaxSteps = 2;

        /// <summary>
        /// Records in <see cref="LocalResource.HandedOnThroughDerived"/> the references to the resource from which a
        /// disposable is obtained that outlives the function: each such use hands the resource on, as a return would.
        /// </summary>
        public static void Mark(LocalResource resource, IOperation root, KnownSymbols known)
        {
            var function = resource.Function ?? root;
            foreach (var reference in resource.References)
            {
                // `archive.GetEntry(name).Open()`: one plain object may stand between the resource and the disposable.
                IOperation current = reference;
                for (int hop = 0; hop < 2 && MemberOn(current) is { } derived; hop++)
                {
                    if (derived.Type is { } type && known.IsDisposable(type))
                    {
                        if (!SymbolEqualityComparer.Default.Equals(type, resource.Type) && !known.IsTaskLike(type) &&
                            !(derived is IInvocationOperation call && FrameworkOwnership.ResultIsIndependent(call.TargetMethod)) &&
                            Escapes(derived, function, MaxSteps))
                        {
                            (resource.HandedOnThroughDerived ??= new HashSet<SyntaxNode>()).Add(reference.Syntax);
                        }

                        break;
                    }

                    current = derived;
                }
            }
        }

        /// <summary>The call or property read on <paramref name="value"/> (not a release), if any.</summary>
        private static IOperation? MemberOn(IOperation value)
        {
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            return value.Parent switch
            {
                IInvocationOperation invocation when invocation.Instance == value && !Cleanup.IsReleaseMethod(invocation.TargetMethod) => invocation,
                IPropertyReferenceOperation property when property.Instance == value => property,
                _ => null,
            };
        }

        private static bool Escapes(IOperation value, IOperation function, int steps)
        {
            var current = value;
            while (current.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case null: // a branch value of a control flow graph: returned
                case IReturnOperation:
                    return true;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return Operations.StripConversions(assignment.Target) is ILocalReferenceOperation local
                        ? steps > 0 && LocalEscapes(local.Local, function, steps - 1)
                        : assignment.Target is not IDiscardOperation;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return steps > 0 && LocalEscapes(declarator.Symbol, function, steps - 1);
                case IArgumentOperation { Parent: { } call } when call is IInvocationOperation or IObjectCreationOperation:
                    return steps > 0 && call.Type != null && Escapes(call, function, steps - 1);
                default:
                    return false;
            }
        }

        private static bool LocalEscapes(ILocalSymbol local, IOperation function, int steps)
        {
            foreach (var operation in function.Descendants())
            {
                if (operation is ILocalReferenceOperation { IsDeclaration: false } reference &&
                    SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                    Escapes(reference, function, steps))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
