using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>What one use of a resource does to the method's ownership of it.</summary>
    internal enum ResourceUse
    {
        /// <summary>Reads or calls a member, compares it, checks its type: the method still owns it.</summary>
        Keeps,

        /// <summary>Dispose / DisposeAsync / Close on it.</summary>
        Releases,

        /// <summary>Returned, stored, passed on, captured: someone else owns it now.</summary>
        HandsOn,

        /// <summary>Copied into another local or a flow capture, which then stands for the same resource.</summary>
        Aliases,
    }

    /// <summary>
    /// When a use of a resource hands its ownership on: returns, stores into fields, properties, array
    /// elements, collections and <c>out</c>/<c>ref</c> parameters; wrapper constructors that take
    /// ownership (unless <c>leaveOpen: true</c>, <c>keepOpen: true</c> or <c>disposeHandler: false</c>);
    /// parameters and methods marked <c>[HandlesResourceDisposal]</c>; any other argument when
    /// <c>memrules.argument_transfers_ownership</c> is true; fluent calls whose same-typed result is used.
    /// Anything not understood counts as handed on: precision over recall.
    /// </summary>
    internal static class OwnershipTransfer
    {
        /// <summary>Classifies the use of the resource that <paramref name="reference"/> reads.</summary>
        public static ResourceUse Classify(IOperation reference, KnownSymbols known, MemRulesOptions options)
        {
            IOperation current = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case null:
                    // A branch value in a control flow graph: returned or thrown.
                    return ResourceUse.HandsOn;

                case IInvocationOperation invocation when invocation.Instance == current:
                    if (Cleanup.IsReleaseMethod(invocation.TargetMethod))
                    {
                        return ResourceUse.Releases;
                    }

                    if (invocation.TargetMethod.Name == "ConfigureAwait")
                    {
                        // `await using (x.ConfigureAwait(false))`: the configured value stands for x.
                        return ResourceUse.Keeps;
                    }

                    return IsFluent(invocation, current) && invocation.Parent is not IExpressionStatementOperation
                        ? ResourceUse.HandsOn
                        : ResourceUse.Keeps;

                case IMethodReferenceOperation methodReference when methodReference.Instance == current:
                    // `Register(x.Dispose)`: a delegate keeps and may release it.
                    return ResourceUse.HandsOn;

                case IMemberReferenceOperation member when member.Instance == current:
                    return ResourceUse.Keeps;

                case IArgumentOperation argument:
                    return ClassifyArgument(argument, known, options);

                case ISimpleAssignmentOperation assignment:
                    if (assignment.Target == current)
                    {
                        return ResourceUse.Keeps;
                    }

                    return Operations.StripConversions(assignment.Target) switch
                    {
                        ILocalReferenceOperation { Local.RefKind: RefKind.None } => ResourceUse.Aliases,
                        IDiscardOperation => ResourceUse.Keeps,
                        _ => ResourceUse.HandsOn,
                    };

                case IVariableInitializerOperation:
                case IFlowCaptureOperation:
                    return ResourceUse.Aliases;

                case IIsPatternOperation:
                case IIsTypeOperation:
                case IIsNullOperation:
                case IBinaryOperation:
                case IExpressionStatementOperation:
                case INameOfOperation:
                    return ResourceUse.Keeps;

                default:
                    return ResourceUse.HandsOn;
            }
        }

        /// <summary>A call on the resource that returns the same object (<c>builder.With(x)</c>).</summary>
        public static bool IsFluent(IInvocationOperation invocation, IOperation receiver) =>
            !invocation.TargetMethod.ReturnsVoid &&
            (SymbolEqualityComparer.Default.Equals(invocation.Type, receiver.Type) ||
             SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType, invocation.TargetMethod.ContainingType));

        /// <summary>Whether passing a resource as <paramref name="argument"/> hands it on.</summary>
        public static ResourceUse ClassifyArgument(IArgumentOperation argument, KnownSymbols known, MemRulesOptions options)
        {
            var parameter = argument.Parameter;
            if (parameter != null)
            {
                if (parameter.RefKind is RefKind.Ref or RefKind.Out ||
                    KnownSymbols.HasAttributeNamed(parameter, "HandlesResourceDisposal"))
                {
                    return ResourceUse.HandsOn;
                }
            }

            switch (argument.Parent)
            {
                case IObjectCreationOperation creation when known.IsDisposable(creation.Type):
                    return WrapperLeavesOpen(creation) ? ResourceUse.Keeps : ResourceUse.HandsOn;
                case IInvocationOperation invocation when KnownSymbols.HasAttributeNamed(invocation.TargetMethod, "HandlesResourceDisposal"):
                    return ResourceUse.HandsOn;
            }

            return options.ArgumentTransfersOwnership ? ResourceUse.HandsOn : ResourceUse.Keeps;
        }

        /// <summary>
        /// True when a wrapper's constructor is told not to own its inner resource: a constant
        /// <c>leaveOpen: true</c> / <c>keepOpen: true</c>, or <c>disposeHandler: false</c>.
        /// </summary>
        public static bool WrapperLeavesOpen(IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                var name = argument.Parameter?.Name;
                if (name == null || argument.Value.ConstantValue is not { HasValue: true, Value: bool flag })
                {
                    continue;
                }

                if ((flag && (name.Equals("leaveOpen", StringComparison.OrdinalIgnoreCase) || name.Equals("keepOpen", StringComparison.OrdinalIgnoreCase))) ||
                    (!flag && name.Equals("disposeHandler", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
