using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// A creation used where it is made and kept nowhere: the receiver of a call or member access
    /// (<c>new StreamReader(p).ReadToEnd()</c>, <c>File.OpenRead(p).Length</c>), an operand of a comparison or
    /// type test, or an argument to a call that only borrows it. Nothing can dispose it afterwards.
    /// </summary>
    internal static class InPlaceUse
    {
        public static bool IsUsedInPlace(IOperation creation, KnownSymbols known, MemRulesOptions options)
        {
            if (creation.Parent is IExpressionStatementOperation ||
                !ResourceCreation.IsOwnedCreation(creation, known, options, out _))
            {
                return false; // a dropped creation is reported as discarded
            }

            IOperation current = creation;
            while (true)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation or IParenthesizedOperation)
                {
                    current = parent;
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IInvocationOperation invocation when invocation.Instance == current:
                        if (Cleanup.IsReleaseMethod(invocation.TargetMethod))
                        {
                            return false; // new T().Dispose()
                        }

                        if (OwnershipTransfer.IsFluent(invocation, current))
                        {
                            current = invocation; // new Builder().With(x): the result is the same resource
                            continue;
                        }

                        return true;
                    case IMethodReferenceOperation:
                        return false; // Register(new T().Dispose): the delegate keeps it
                    case IMemberReferenceOperation member when member.Instance == current:
                    case IConditionalAccessOperation conditional when conditional.Operation == current:
                    case IBinaryOperation:
                    case IIsTypeOperation:
                    case IIsPatternOperation:
                        return true;
                    case IArgumentOperation argument:
                        return OwnershipTransfer.ClassifyArgument(argument, known, options) == ResourceUse.Keeps;
                    default:
                        return false; // stored, returned, initialized, awaited or passed on: tracked or handed on elsewhere
                }
            }
        }
    }
}
