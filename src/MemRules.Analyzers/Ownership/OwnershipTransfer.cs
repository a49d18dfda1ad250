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
    /// elements and <c>out</c>/<c>ref</c> parameters; parameters and methods marked
    /// <c>[HandlesResourceDisposal]</c>; fluent calls whose same-typed result is used; and arguments, by what
    /// the callee is known to do: a method of the compilation by its summary (<see cref="MethodSummaries"/>),
    /// a method or wrapper constructor of a referenced assembly by <see cref="FrameworkOwnership"/> (it
    /// borrows unless listed), and a call whose code cannot be known (virtual, abstract, interface, delegate)
    /// by <c>memrules.argument_transfers_ownership</c>. Any other use not understood counts as handed on:
    /// precision over recall.
    /// </summary>
    internal static class OwnershipTransfer
    {
        /// <summary>Classifies the use of the resource that <paramref name="reference"/> reads.</summary>
        public static ResourceUse Classify(IOperation reference, KnownSymbols known, MemRulesOptions options, SummaryWalk? walk = null)
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
                    return ClassifyArgument(argument, known, options, walk);

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
        public static ResourceUse ClassifyArgument(IArgumentOperation argument, KnownSymbols known, MemRulesOptions options, SummaryWalk? walk = null)
        {
            var parameter = argument.Parameter;
            if (parameter != null &&
                (parameter.RefKind is RefKind.Ref or RefKind.Out || KnownSymbols.HasAttributeNamed(parameter, "HandlesResourceDisposal")))
            {
                return ResourceUse.HandsOn;
            }

            switch (argument.Parent)
            {
                case IObjectCreationOperation { Constructor: { } constructor } creation:
                    if (!constructor.DeclaringSyntaxReferences.IsEmpty)
                    {
                        // A source type: its constructor's summary, or a disposable wrapper that is assumed to own what it gets.
                        return FromSummary(constructor, parameter, known, walk) ??
                               (known.IsDisposable(creation.Type) ? ResourceUse.HandsOn : Assumed(options));
                    }

                    return known.IsDisposable(creation.Type)
                        ? FrameworkOwnership.WrapperTakes(creation, argument) ? ResourceUse.HandsOn : ResourceUse.Keeps
                        : FrameworkOwnership.TakesArgument(constructor, argument, options) ? ResourceUse.HandsOn : ResourceUse.Keeps;

                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (KnownSymbols.HasAttributeNamed(method, "HandlesResourceDisposal"))
                    {
                        return ResourceUse.HandsOn;
                    }

                    if (method.ContainingType?.TypeKind == TypeKind.Delegate)
                    {
                        return Assumed(options); // a delegate runs anyone's code
                    }

                    if (!method.DeclaringSyntaxReferences.IsEmpty)
                    {
                        return FromSummary(method, parameter, known, walk) ?? Assumed(options);
                    }

                    if (FrameworkOwnership.TakesArgument(method, argument, options))
                    {
                        return ResourceUse.HandsOn;
                    }

                    // An interface or abstract method runs whatever implements it (`observable.Subscribe(observer)`
                    // stores it): the assumption, as for code that cannot be known.
                    return method.IsAbstract || method.ContainingType?.TypeKind == TypeKind.Interface ? Assumed(options) : ResourceUse.Keeps;

                default:
                    return Assumed(options);
            }
        }

        private static ResourceUse? FromSummary(IMethodSymbol method, IParameterSymbol? parameter, KnownSymbols known, SummaryWalk? walk) =>
            parameter == null || parameter.IsParams
                ? null
                : known.Summaries.TakesOwnership(method, parameter.Ordinal, walk) is { } takes
                    ? takes ? ResourceUse.HandsOn : ResourceUse.Keeps
                    : null;

        /// <summary>What a call whose code cannot be known is assumed to do with an argument.</summary>
        private static ResourceUse Assumed(MemRulesOptions options) =>
            options.ArgumentTransfersOwnership ? ResourceUse.HandsOn : ResourceUse.Keeps;

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

                if ((flag && (name.Equals("leaveOpen", StringComparison.OrdinalIgnoreCase) || name.Equals("keepOpen", StringComparison.OrdinalIgnoreCase) ||
                              name.Equals("leaveInnerStreamOpen", StringComparison.OrdinalIgnoreCase))) ||
                    (!flag && name.Equals("disposeHandler", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
