using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The recursion state of one question to <see cref="MethodSummaries"/>: how deep the summaries nest,
    /// which are being computed (a cycle), and whether a bound cut the answer short (then it is not cached).
    /// </summary>
    internal sealed class SummaryWalk
    {
        private readonly HashSet<(IMethodSymbol, int)> _inProgress;

        private SummaryWalk(int depth, HashSet<(IMethodSymbol, int)> inProgress, SummaryWalk? root)
        {
            Depth = depth;
            _inProgress = inProgress;
            Root = root ?? this;
        }

        public static SummaryWalk Start() => new SummaryWalk(0, new HashSet<(IMethodSymbol, int)>(), null);

        public int Depth { get; }

        private SummaryWalk Root { get; }

        public bool Truncated { get => Root._truncated; set => Root._truncated = value; }

        private bool _truncated;

        public SummaryWalk Deeper() => new SummaryWalk(Depth + 1, _inProgress, Root);

        public bool Enter(IMethodSymbol method, int ordinal) => _inProgress.Add((method, ordinal));

        public void Leave(IMethodSymbol method, int ordinal) => _inProgress.Remove((method, ordinal));

        /// <summary>
        /// Answers a cycle or the depth cut short, kept for the rest of this one top-level question only (by depth, which
        /// decides how far they could look): without them a wide call graph is walked again for every path into it.
        /// </summary>
        private Dictionary<(IMethodSymbol, int, int), bool>? _cutShort;

        public bool TryGetCutShort(IMethodSymbol method, int ordinal, out bool answer)
        {
            answer = false;
            return Root._cutShort != null && Root._cutShort.TryGetValue((method, ordinal, Depth), out answer);
        }

        public void AddCutShort(IMethodSymbol method, int ordinal, bool answer) =>
            (Root._cutShort ??= new Dictionary<(IMethodSymbol, int, int), bool>())[(method, ordinal, Depth)] = answer;
    }

    /// <summary>
    /// What methods of the compilation do with resources, inferred from their code (no annotations needed),
    /// on demand and cached per compilation: whether a method takes ownership of a parameter — disposes it on
    /// some path, stores it in a field, collection or owner, returns it, passes it to an owning parameter — or
    /// only borrows it; and whether it returns a fresh resource its caller owns. A method whose code may be
    /// another's at run time (virtual, abstract, an interface's, extern) is not summarized. Cycles, depth past
    /// <see cref="MaxDepth"/> and bodies past <see cref="MaxOperations"/> answer "takes it" / "not owned",
    /// the answers that report nothing.
    /// </summary>
    internal sealed class MethodSummaries
    {
        private const int MaxDepth = 4;

        /// <summary>Operations one summary may visit: a hand-written method is far below; a generated one is not summarized.</summary>
        private const int MaxOperations = 20_000;

        private readonly KnownSymbols _known;
        private readonly ConcurrentDictionary<(IMethodSymbol, int), bool> _takes =
            new ConcurrentDictionary<(IMethodSymbol, int), bool>();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _returnsOwned =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public MethodSummaries(KnownSymbols known) => _known = known;

        /// <summary>Whether the method's code is the code every call runs, and is in this compilation.</summary>
        public static bool CanSummarize(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            return method.DeclaringSyntaxReferences.Length == 1 && !method.IsAbstract && !method.IsVirtual && !method.IsExtern &&
                   (!method.IsOverride || method.IsSealed || method.ContainingType.IsSealed) &&
                   method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction or MethodKind.StaticConstructor;
        }

        /// <summary>Whether <paramref name="method"/> takes ownership of its parameter <paramref name="ordinal"/>; null when it cannot be summarized.</summary>
        public bool? TakesOwnership(IMethodSymbol method, int ordinal, SummaryWalk? walk = null)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!CanSummarize(method) || ordinal < 0 || ordinal >= method.Parameters.Length)
            {
                return null;
            }

            if (_takes.TryGetValue((method, ordinal), out var known))
            {
                return known;
            }

            walk ??= SummaryWalk.Start();
            if (walk.TryGetCutShort(method, ordinal, out var cut))
            {
                walk.Truncated = true;
                return cut;
            }

            if (walk.Depth >= MaxDepth || !walk.Enter(method, ordinal))
            {
                walk.Truncated = true;
                return true;
            }

            bool takes;
            bool truncatedBefore = walk.Truncated;
            walk.Truncated = false;
            try
            {
                takes = ComputeTakes(method, method.Parameters[ordinal], walk);
            }
            finally
            {
                walk.Leave(method, ordinal);
            }

            // Only a whole answer is kept: one cut short by a cycle or the depth depends on where the walk began, and
            // kept it would make every later answer depend on which code the driver happened to analyze first.
            if (!walk.Truncated)
            {
                _takes.TryAdd((method, ordinal), takes);
            }
            else
            {
                walk.AddCutShort(method, ordinal, takes);
            }

            walk.Truncated |= truncatedBefore;

            return takes;
        }

        /// <summary>Whether every value <paramref name="method"/> returns is a resource it creates and keeps nowhere else.</summary>
        public bool ReturnsOwned(IMethodSymbol method, SummaryWalk? walk = null)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!CanSummarize(method) || method.ReturnsVoid)
            {
                return false;
            }

            if (_returnsOwned.TryGetValue(method, out var known))
            {
                return known;
            }

            walk ??= SummaryWalk.Start();
            if (walk.TryGetCutShort(method, -1, out var cut))
            {
                walk.Truncated = true;
                return cut;
            }

            if (walk.Depth >= MaxDepth || !walk.Enter(method, -1))
            {
                walk.Truncated = true;
                return false;
            }

            bool owned;
            bool truncatedBefore = walk.Truncated;
            walk.Truncated = false;
            try
            {
                owned = ComputeReturnsOwned(method, walk);
            }
            finally
            {
                walk.Leave(method, -1);
            }

            if (!walk.Truncated)
            {
                _returnsOwned.TryAdd(method, owned);
            }
            else
            {
                walk.AddCutShort(method, -1, owned);
            }

            walk.Truncated |= truncatedBefore;

            return owned;
        }

        private bool ComputeTakes(IMethodSymbol method, IParameterSymbol parameter, SummaryWalk walk)
        {
            if (BodyOf(method) is not { } body || Count(body.Root) > MaxOperations)
            {
                walk.Truncated = true;
                return true;
            }

            var options = _known.Options.For(body.Root.Syntax.SyntaxTree);
            var aliases = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            for (int round = 0; round < 4; round++)
            {
                int before = aliases.Count;
                foreach (var operation in body.Root.Descendants())
                {
                    bool isUse = operation switch
                    {
                        IParameterReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter),
                        ILocalReferenceOperation local => !local.IsDeclaration && aliases.Contains(local.Local),
                        _ => false,
                    };
                    if (!isUse)
                    {
                        continue;
                    }

                    switch (OwnershipTransfer.Classify(operation, _known, options, walk.Deeper()))
                    {
                        case ResourceUse.Releases:
                        case ResourceUse.HandsOn:
                            return true;
                        case ResourceUse.Aliases when AliasOf(operation) is { } alias:
                            aliases.Add(alias);
                            break;
                    }
                }

                if (aliases.Count == before)
                {
                    break;
                }
            }

            return false;
        }

        private bool ComputeReturnsOwned(IMethodSymbol method, SummaryWalk walk)
        {
            var returnType = method.IsAsync ? _known.ResultOf(method.ReturnType) : method.ReturnType;

            if (!_known.IsDisposable(returnType) || BodyOf(method) is not { } body || Count(body.Root) > MaxOperations)
            {
                return false;
            }

            var options = _known.Options.For(body.Root.Syntax.SyntaxTree);
            bool any = false;
            foreach (var operation in OwnDescendants(body.Root))
            {
                switch (operation)
                {
                    case IReturnOperation { Kind: OperationKind.YieldReturn }:
                        return false;
                    case IReturnOperation { ReturnedValue: { } value }:
                        switch (Returned(value, body.Root, options, walk))
                        {
                            case Ownership.Owned:
                                any = true;
                                break;
                            case Ownership.NotOwned:
                                return false;
                        }

                        break;
                }
            }

            return any;
        }

        private enum Ownership
        {
            Neutral,
            Owned,
            NotOwned,
        }

        /// <summary>What a returned value is: a creation the method owns, null, or anything else.</summary>
        private Ownership Returned(IOperation value, IOperation root, MemRulesOptions options, SummaryWalk walk)
        {
            value = Operations.StripConversions(value)!;
            switch (value)
            {
                case { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation:
                    return Ownership.Neutral;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return Both(Returned(conditional.WhenTrue, root, options, walk), Returned(whenFalse, root, options, walk));
                case ICoalesceOperation coalesce:
                    return Both(Returned(coalesce.Value, root, options, walk), Returned(coalesce.WhenNull, root, options, walk));
                case ILocalReferenceOperation local:
                    return OnlyCreatedAndReturned(local.Local, root, options, walk) ? Ownership.Owned : Ownership.NotOwned;
                default:
                    return ResourceCreation.IsOwnedCreation(value, _known, options, out _, walk.Deeper()) ? Ownership.Owned : Ownership.NotOwned;
            }
        }

        private static Ownership Both(Ownership a, Ownership b) =>
            a == Ownership.NotOwned || b == Ownership.NotOwned ? Ownership.NotOwned
            : a == Ownership.Owned || b == Ownership.Owned ? Ownership.Owned
            : Ownership.Neutral;

        /// <summary>A local every assignment of which is an owned creation (or null), used otherwise only where it stays the method's.</summary>
        private bool OnlyCreatedAndReturned(ILocalSymbol local, IOperation root, MemRulesOptions options, SummaryWalk walk)
        {
            bool created = false;
            foreach (var operation in root.Descendants())
            {
                IOperation? assigned = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                    _ => null,
                };
                if (assigned != null)
                {
                    if (Operations.StripConversions(assigned) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
                    {
                        continue;
                    }

                    if (!ResourceCreation.IsOwnedCreation(assigned, _known, options, out _, walk.Deeper()))
                    {
                        return false;
                    }

                    created = true;
                }
                else if (operation is ILocalReferenceOperation { IsDeclaration: false } reference &&
                         SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                         !(Operations.StripConversions(reference.Parent) is IReturnOperation || reference.Parent is IConversionOperation { Parent: IReturnOperation }) &&
                         OwnershipTransfer.Classify(reference, _known, options, walk.Deeper()) is ResourceUse.HandsOn or ResourceUse.Releases)
                {
                    return false; // stored or disposed elsewhere: the caller does not get a fresh one
                }
            }

            return created;
        }

        /// <summary>The operations of a function, not of the lambdas and local functions inside it.</summary>
        private static IEnumerable<IOperation> OwnDescendants(IOperation root)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                yield return current;
                foreach (var child in current.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }
            }
        }

        /// <summary>The local a use copies the resource into (<c>var x = p;</c>, <c>x = p;</c>).</summary>
        private static ILocalSymbol? AliasOf(IOperation reference)
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent switch
            {
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                _ => null,
            };
        }

        private static int Count(IOperation root)
        {
            int count = 0;
            foreach (var _ in root.Descendants())
            {
                if (++count > MaxOperations)
                {
                    break;
                }
            }

            return count;
        }

        /// <summary>The operation tree of a method's (or local function's) body, from its one declaration.</summary>
        private MemberBody? BodyOf(IMethodSymbol method)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            var model = SemanticModels.Get(_known.Compilation, syntax.SyntaxTree);
            IOperation? root = syntax switch
            {
                LocalFunctionStatementSyntax => model.GetOperation(syntax) is ILocalFunctionOperation local ? (IOperation?)local.Body ?? local : null,
                BaseMethodDeclarationSyntax => model.GetOperation(syntax),
                _ => null,
            };
            return root == null ? null : new MemberBody(method, root);
        }
    }
}
