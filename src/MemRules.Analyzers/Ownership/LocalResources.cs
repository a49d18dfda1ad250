using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>A resource that a method creates and keeps in a local: <c>var s = new FileStream(...)</c>.</summary>
    internal sealed class LocalResource
    {
        public LocalResource(ILocalSymbol local, IOperation acquisition, ITypeSymbol type, IOperation? function)
        {
            Local = local;
            Acquisition = acquisition;
            Type = type;
            Function = function;
        }

        public ILocalSymbol Local { get; }

        /// <summary>The creating expression (conversions stripped): the diagnostic's location.</summary>
        public IOperation Acquisition { get; }

        public ITypeSymbol Type { get; }

        /// <summary>The lambda or local function that holds the local; null for the operation block itself.</summary>
        public IOperation? Function { get; }

        /// <summary>True when a lambda or local function other than <see cref="Function"/> uses the local.</summary>
        public bool IsCaptured => CapturedUses.Count > 0;

        /// <summary>The references to the local in lambdas and local functions other than <see cref="Function"/>.</summary>
        public List<ILocalReferenceOperation> CapturedUses { get; } = new List<ILocalReferenceOperation>();

        /// <summary>References from which a disposable is obtained that outlives the function (<see cref="DerivedValues"/>): hand-overs.</summary>
        public HashSet<SyntaxNode>? HandedOnThroughDerived { get; set; }

        /// <summary>The reads and writes of the local in <see cref="Function"/>, in source order.</summary>
        public List<ILocalReferenceOperation> References { get; } = new List<ILocalReferenceOperation>();
    }

    /// <summary>What one operation block creates: resources kept in locals, and creations that nothing keeps.</summary>
    internal sealed class FunctionResources
    {
        public List<LocalResource>? Locals { get; set; }

        /// <summary>Creations whose value is dropped: <c>new Timer(...);</c>.</summary>
        public List<IOperation>? Discarded { get; set; }

        /// <summary>Creations used in place and never stored: <c>new StreamReader(p).ReadToEnd()</c>, <c>File.OpenRead(p).Length &gt; 0</c>.</summary>
        public List<IOperation>? InPlace { get; set; }
    }

    /// <summary>
    /// Finds, in one operation block, the resources created into locals, the creations whose result is
    /// discarded and those used in place. Cheap when there are none: one walk, no allocation until the first candidate.
    /// </summary>
    internal static class LocalResources
    {
        public static FunctionResources Find(IOperation root, KnownSymbols known, MemRulesOptions options)
        {
            var found = new FunctionResources();
            List<LocalResource>? resources = null;
            List<IOperation>? discarded = null;
            Walk(root, null, known, options, ref resources, ref discarded, found);
            if (resources != null)
            {
                CollectReferences(root, resources);
            }

            found.Locals = resources;
            found.Discarded = discarded;
            return found;
        }

        private static void Walk(
            IOperation operation, IOperation? function, KnownSymbols known, MemRulesOptions options,
            ref List<LocalResource>? resources, ref List<IOperation>? discarded, FunctionResources? found)
        {
            // Every operation of every method passes here: an enum switch, not interface type tests, decides
            // which few kinds are worth a closer look.
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.LocalFunction:
                    function = operation;
                    break;
                case OperationKind.VariableDeclarator:
                case OperationKind.SimpleAssignment:
                case OperationKind.ExpressionStatement:
                    Inspect(operation, function, known, options, ref resources, ref discarded);
                    break;
                case OperationKind.ObjectCreation:
                case OperationKind.Invocation:
                case OperationKind.Await:
                    if (found != null && InPlaceUse.IsUsedInPlace(operation, known, options))
                    {
                        (found.InPlace ??= new List<IOperation>()).Add(operation);
                    }

                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                Walk(child, function, known, options, ref resources, ref discarded, found);
            }
        }

        private static void Inspect(
            IOperation operation, IOperation? function, KnownSymbols known, MemRulesOptions options,
            ref List<LocalResource>? resources, ref List<IOperation>? discarded)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator
                    when declarator.Initializer?.Value is { } value &&
                         declarator.Symbol.RefKind == RefKind.None &&
                         !IsUsingResource(declarator) &&
                         ResourceCreation.IsOwnedCreation(value, known, options, out var type):
                    (resources ??= new List<LocalResource>()).Add(
                        new LocalResource(declarator.Symbol, Operations.StripConversions(value)!, type!, function));
                    break;

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when target.Local.RefKind == RefKind.None &&
                         assignment.Parent is not IUsingOperation &&
                         ResourceCreation.IsOwnedCreation(assignment.Value, known, options, out var assignedType):
                    (resources ??= new List<LocalResource>()).Add(
                        new LocalResource(target.Local, Operations.StripConversions(assignment.Value)!, assignedType!, function));
                    break;

                case IExpressionStatementOperation { Operation: { Type: { } valueType } value }
                    when known.IsDisposable(valueType) &&
                         (value is IObjectCreationOperation ||
                          (value is IInvocationOperation discardedCall && ResourceCreation.IsDeclaredFactory(discardedCall.TargetMethod, options))) &&
                         ResourceCreation.IsOwnedCreation(value, known, options, out _):
                    (discarded ??= new List<IOperation>()).Add(value);
                    break;
            }
        }

        /// <summary>
        /// Collects each resource's references, those in the function that holds it and those in lambdas and
        /// local functions that capture it (<see cref="LocalResource.CapturedUses"/>).
        /// </summary>
        private static void CollectReferences(IOperation root, List<LocalResource> resources)
        {
            // By local: a generated method with thousands of resources and references stays linear.
            var byLocal = new Dictionary<ILocalSymbol, List<LocalResource>>(SymbolEqualityComparer.Default);
            foreach (var resource in resources)
            {
                if (!byLocal.TryGetValue(resource.Local, out var list))
                {
                    byLocal.Add(resource.Local, list = new List<LocalResource>(1));
                }

                list.Add(resource);
            }

            CollectReferences(root, null, byLocal);
        }

        private static void CollectReferences(IOperation operation, IOperation? function, Dictionary<ILocalSymbol, List<LocalResource>> byLocal)
        {
            if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                function = operation;
            }
            else if (operation.Kind == OperationKind.LocalReference &&
                     byLocal.TryGetValue(((ILocalReferenceOperation)operation).Local, out var resources))
            {
                foreach (var resource in resources)
                {
                    if (resource.Function != function)
                    {
                        resource.CapturedUses.Add((ILocalReferenceOperation)operation);
                    }
                    else
                    {
                        resource.References.Add((ILocalReferenceOperation)operation);
                    }
                }
            }

            foreach (var child in operation.ChildOperations)
            {
                CollectReferences(child, function, byLocal);
            }
        }

        /// <summary>True for <c>using var x = ...</c> and <c>using (var x = ...)</c>.</summary>
        public static bool IsUsingResource(IVariableDeclaratorOperation declarator)
        {
            for (IOperation? parent = declarator.Parent; parent != null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IVariableDeclarationOperation:
                        continue;
                    case IVariableDeclarationGroupOperation group:
                        return group.Parent is IUsingDeclarationOperation or IUsingOperation;
                    case IUsingOperation:
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
