using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// A creation used where it is made and kept nowhere: the receiver of a call or member access that
    /// yields plain data (<c>new StreamReader(p).ReadToEnd()</c>, <c>File.OpenRead(p).Length</c>), an operand of
    /// a comparison or type test, or an argument to a call that only borrows it (to a constructor that borrows
    /// it, where the new object is itself used in place: it may keep the argument for its lifetime). Nothing can dispose it
    /// afterwards. A call or property that yields an object may keep the receiver in it (a builder, a view,
    /// <c>new LogFactory().Setup()</c>): not reported.
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

                        return invocation.TargetMethod.ReturnsVoid || IsPlainData(invocation.Type, known);
                    case IMethodReferenceOperation:
                        return false; // Register(new T().Dispose): the delegate keeps it
                    case IMemberReferenceOperation member when member.Instance == current:
                        return IsPlainData(member.Type, known);
                    case IConditionalAccessOperation conditional when conditional.Operation == current:
                    case IBinaryOperation:
                    case IIsTypeOperation:
                    case IIsPatternOperation:
                        return true;
                    case IArgumentOperation argument:
                        if (OwnershipTransfer.ClassifyArgument(argument, known, options) != ResourceUse.Keeps)
                        {
                            return false;
                        }

                        if (argument.Parent is IObjectCreationOperation creationUsingIt)
                        {
                            // new CryptoStream(s, algorithm.CreateDecryptor(), mode): the new object borrows it for as
                            // long as it lives, so it is used in place only where that object is.
                            current = creationUsingIt;
                            continue;
                        }

                        return true;
                    default:
                        return false; // stored, returned, initialized, awaited or passed on: tracked or handed on elsewhere
                }
            }
        }

        /// <summary>A value that cannot hold on to the object it came from: a primitive, an enum, a string, a task of one.</summary>
        private static bool IsPlainData(ITypeSymbol? type, KnownSymbols known)
        {
            type = type == null ? null : known.ResultOf(type);
            return type != null &&
                   (IsPrimitive(type) || type.TypeKind == TypeKind.Enum ||
                    (type is IArrayTypeSymbol array && IsPrimitive(array.ElementType)) ||
                    (known.IsTaskLike(type) && type is INamedTypeSymbol { TypeArguments.Length: 0 }));
        }

        private static bool IsPrimitive(ITypeSymbol type) =>
            type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte or
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or
                SpecialType.System_Decimal or SpecialType.System_String or SpecialType.System_DateTime;
    }
}
