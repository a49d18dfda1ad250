using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The control flow graph of a function: a member's body (a method, accessor, constructor, initializer)
    /// or a lambda or local function inside it, whose graph comes from its parent's.
    /// </summary>
    internal static class FunctionGraphs
    {
        /// <summary>The graph of a root operation (no parent), or null when none can be built for it.</summary>
        public static ControlFlowGraph? OfRoot(IOperation root, CancellationToken cancellationToken)
        {
            try
            {
                return root switch
                {
                    IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                    IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                    IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
                    IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                    IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                    IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
                    _ => null,
                };
            }
            catch (System.ArgumentException)
            {
                // Not a root a graph can be built for (broken code the binder could not complete).
                return null;
            }
        }

        /// <summary>The graph of <paramref name="function"/> (a lambda or local function inside <paramref name="rootGraph"/>), or the root's own.</summary>
        public static ControlFlowGraph? Of(ControlFlowGraph rootGraph, IOperation? function, CancellationToken cancellationToken)
        {
            if (function == null)
            {
                return rootGraph;
            }

            // Outermost first: each nested graph comes from its parent's.
            var chain = new List<IOperation>();
            for (var current = function; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    chain.Add(current);
                }
            }

            var graph = rootGraph;
            for (int i = chain.Count - 1; i >= 0 && graph != null; i--)
            {
                switch (chain[i])
                {
                    case ILocalFunctionOperation localFunction:
                        graph = Contains(graph.LocalFunctions, localFunction.Symbol)
                            ? graph.GetLocalFunctionControlFlowGraph(localFunction.Symbol, cancellationToken)
                            : null;
                        break;
                    case IAnonymousFunctionOperation lambda:
                        var flow = FindLambda(graph, lambda.Symbol);
                        graph = flow == null ? null : graph.GetAnonymousFunctionControlFlowGraph(flow, cancellationToken);
                        break;
                }
            }

            return graph;
        }

        /// <summary>The operation at the top of <paramref name="operation"/>'s tree.</summary>
        public static IOperation Root(IOperation operation)
        {
            while (operation.Parent != null)
            {
                operation = operation.Parent;
            }

            return operation;
        }

        private static bool Contains(ImmutableArray<IMethodSymbol> functions, IMethodSymbol symbol)
        {
            foreach (var f in functions)
            {
                if (SymbolEqualityComparer.Default.Equals(f, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    if (FindLambda(operation, symbol) is { } found)
                    {
                        return found;
                    }
                }

                if (block.BranchValue != null && FindLambda(block.BranchValue, symbol) is { } inBranch)
                {
                    return inBranch;
                }
            }

            return null;
        }

        private static IFlowAnonymousFunctionOperation? FindLambda(IOperation operation, IMethodSymbol symbol)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, symbol))
                {
                    return flow;
                }
            }

            return null;
        }
    }
}
