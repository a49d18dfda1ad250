using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>An acquire/release pair found in one block, with nothing but straight-line code between.</summary>
    internal readonly struct PairedUse
    {
        public PairedUse(IBlockOperation block, int acquireIndex, int releaseIndex, IInvocationOperation release, IOperation acquire, IOperation resource)
        {
            Block = block;
            AcquireIndex = acquireIndex;
            ReleaseIndex = releaseIndex;
            Release = release;
            Acquire = acquire;
            Resource = resource;
        }

        public IBlockOperation Block { get; }

        public int AcquireIndex { get; }

        public int ReleaseIndex { get; }

        public IInvocationOperation Release { get; }

        /// <summary>The acquiring call (<c>Rent</c>, <c>WaitAsync</c>, <c>Enter</c>, ...).</summary>
        public IOperation Acquire { get; }

        /// <summary>What is released: the array, semaphore, lock object, pointer or handle.</summary>
        public IOperation Resource { get; }
    }

    /// <summary>
    /// The acquire/release APIs that leak memory or a lock when the release is skipped:
    /// <c>ArrayPool&lt;T&gt;.Rent</c>/<c>Return</c>, <c>SemaphoreSlim.Wait</c>/<c>WaitAsync</c>/<c>Release</c>,
    /// <c>Monitor.Enter</c>/<c>Exit</c>, <c>ReaderWriterLockSlim.Enter*Lock</c>/<c>Exit*Lock</c>,
    /// <c>Marshal.AllocHGlobal</c>/<c>FreeHGlobal</c> (and CoTaskMem), <c>GCHandle.Alloc</c>/<c>Free</c>.
    /// A pair is matched only when the acquire is an unconditional statement earlier in the release's own
    /// block and names the same local, parameter or field: conditional acquisitions
    /// (<c>if (sem.Wait(0))</c>, <c>Monitor.TryEnter</c>) and <c>lock</c> are never pairs.
    /// </summary>
    internal static class PairedResources
    {
        /// <summary>Cheap name filter before any symbol comparison.</summary>
        public static bool HasReleaseName(string name) =>
            name is "Return" or "Release" or "Exit" or "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" or
                "FreeHGlobal" or "FreeCoTaskMem" or "Free";

        /// <summary>
        /// When <paramref name="release"/> is a release statement outside any finally whose acquire precedes it
        /// in the same block, returns the pair.
        /// </summary>
        public static PairedUse? FindPair(IInvocationOperation release, KnownSymbols known)
        {
            var method = release.TargetMethod;
            if (!HasReleaseName(method.Name) || release.Parent is not IExpressionStatementOperation statement ||
                statement.Parent is not IBlockOperation block || IsInFinallyOrLock(statement))
            {
                return null;
            }

            var resource = ReleasedResource(release, known);
            var key = Operations.ReferencedSymbol(resource);
            if (resource == null || key == null)
            {
                return null;
            }

            int releaseIndex = block.Operations.IndexOf(statement);
            for (int i = releaseIndex - 1; i >= 0; i--)
            {
                var acquire = AcquireIn(block.Operations[i], method, key, known);
                if (acquire != null)
                {
                    return new PairedUse(block, i, releaseIndex, release, acquire, resource);
                }
            }

            return null;
        }

        private static IOperation? ReleasedResource(IInvocationOperation release, KnownSymbols known)
        {
            var method = release.TargetMethod;
            var type = method.ContainingType?.OriginalDefinition;
            switch (method.Name)
            {
                case "Return" when SymbolEqualityComparer.Default.Equals(type, known.ArrayPool) && release.Arguments.Length > 0:
                    return ArgumentValue(release, 0);
                case "Release" when SymbolEqualityComparer.Default.Equals(type, known.SemaphoreSlim):
                case "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" when SymbolEqualityComparer.Default.Equals(type, known.ReaderWriterLockSlim):
                case "Free" when SymbolEqualityComparer.Default.Equals(type, known.GCHandle):
                    return Operations.StripConversions(release.Instance);
                case "Exit" when SymbolEqualityComparer.Default.Equals(type, known.Monitor) && release.Arguments.Length == 1:
                case "FreeHGlobal" or "FreeCoTaskMem" when SymbolEqualityComparer.Default.Equals(type, known.Marshal) && release.Arguments.Length == 1:
                    return ArgumentValue(release, 0);
                default:
                    return null;
            }
        }

        private static IOperation? ArgumentValue(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return Operations.StripConversions(argument.Value);
                }
            }

            return null;
        }

        /// <summary>The acquiring call in <paramref name="statement"/> that matches the release, if any.</summary>
        private static IOperation? AcquireIn(IOperation statement, IMethodSymbol release, ISymbol key, KnownSymbols known)
        {
            switch (release.Name)
            {
                case "Return":
                    return AssignedCall(statement, key, "Rent", known.ArrayPool);
                case "FreeHGlobal":
                    return AssignedCall(statement, key, "AllocHGlobal", known.Marshal);
                case "FreeCoTaskMem":
                    return AssignedCall(statement, key, "AllocCoTaskMem", known.Marshal);
                case "Free":
                    return AssignedCall(statement, key, "Alloc", known.GCHandle);
            }

            if (statement is not IExpressionStatementOperation { Operation: var expression })
            {
                return null;
            }

            // `await sem.WaitAsync(...)`, `await sem.WaitAsync().ConfigureAwait(false)`.
            expression = Operations.WithoutAwait(expression, out _);

            if (expression is not IInvocationOperation call)
            {
                return null;
            }

            var method = call.TargetMethod;
            var type = method.ContainingType?.OriginalDefinition;
            switch (release.Name)
            {
                case "Release" when SymbolEqualityComparer.Default.Equals(type, known.SemaphoreSlim):
                    // Only the overloads that wait for good: Wait() / WaitAsync() return no bool.
                    bool unconditional = (method.Name == "Wait" && method.ReturnsVoid) ||
                                         (method.Name == "WaitAsync" && method.ReturnType is INamedTypeSymbol { IsGenericType: false });
                    return unconditional && Same(call.Instance, key) ? call : null;
                case "Exit" when SymbolEqualityComparer.Default.Equals(type, known.Monitor):
                    return method.Name == "Enter" && call.Arguments.Length >= 1 && Same(ArgumentValue(call, 0), key) ? call : null;
                case "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" when SymbolEqualityComparer.Default.Equals(type, known.ReaderWriterLockSlim):
                    return method.Name == "Enter" + release.Name.Substring(4) && Same(call.Instance, key) ? call : null;
                default:
                    return null;
            }
        }

        /// <summary><c>key = Type.Method(...)</c> or <c>var key = Type.Method(...)</c>.</summary>
        private static IOperation? AssignedCall(IOperation statement, ISymbol key, string name, INamedTypeSymbol? type)
        {
            IOperation? value = null;
            switch (statement)
            {
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } when Same(assignment.Target, key):
                    value = assignment.Value;
                    break;
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, key))
                            {
                                value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                            }
                        }
                    }

                    break;
            }

            return Operations.StripConversions(value) is IInvocationOperation call &&
                   call.TargetMethod.Name == name &&
                   SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, type)
                ? call
                : null;
        }

        private static bool Same(IOperation? operation, ISymbol key) =>
            SymbolEqualityComparer.Default.Equals(Operations.ReferencedSymbol(operation), key);

        private static bool IsInFinallyOrLock(IOperation operation)
        {
            for (var current = operation; current != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case ITryOperation @try when @try.Finally == current:
                    case ILockOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// The first operation strictly between the pair that can throw (a call, a creation, an await, a throw),
        /// when none leaves the block (return, break, continue, goto, yield) — a path that leaves normally is
        /// MEM001's business, not an error path — nor releases the resource itself; else null.
        /// </summary>
        public static IOperation? CanThrowBetween(PairedUse pair)
        {
            IOperation? thrower = null;
            for (int i = pair.AcquireIndex + 1; i < pair.ReleaseIndex; i++)
            {
                foreach (var operation in Flatten(pair.Block.Operations[i]))
                {
                    switch (operation)
                    {
                        case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue or BranchKind.GoTo }:
                        case IReturnOperation:
                            return null;
                        case IInvocationOperation invocation when invocation.TargetMethod.Name == pair.Release.TargetMethod.Name &&
                                                                 SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, pair.Release.TargetMethod.ContainingType):
                            return null;
                        case var other when thrower == null && Operations.MayThrow(other):
                            thrower = other;
                            break;
                    }
                }
            }

            return thrower;
        }

        /// <summary>What a pair holds: a pooled buffer, a lock or semaphore count, native memory or a pinning handle.</summary>
        public static HeldResource KindOf(PairedUse pair) => pair.Release.TargetMethod.Name switch
        {
            "Return" => new HeldResource(ResourceKind.Pooled, "a pooled buffer"),
            "FreeHGlobal" or "FreeCoTaskMem" => new HeldResource(ResourceKind.Native, "native memory"),
            "Free" => new HeldResource(ResourceKind.Native, "a GC handle"),
            "Release" => new HeldResource(ResourceKind.Lock, "a semaphore count"),
            _ => new HeldResource(ResourceKind.Lock, "a lock"),
        };

        /// <summary>Descendants, not entering lambdas or local functions (their returns are their own).</summary>
        private static System.Collections.Generic.IEnumerable<IOperation> Flatten(IOperation operation)
        {
            var stack = new System.Collections.Generic.Stack<IOperation>();
            stack.Push(operation);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                yield return current;
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }
        }
    }
}
