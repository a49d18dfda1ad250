using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Which code of a type runs only while an instance (or the type) is being constructed: constructors,
    /// static constructors, field and property initializers, <c>init</c> accessors, and the private methods
    /// that only those call (<c>Fill()</c> called from the constructor), transitively. Code in a lambda or
    /// local function never is: a lambda made in a constructor typically runs later, as a callback. MEM005
    /// asks it whether growth is initialization; MEM006 whether a subscription is made once per object.
    /// Fed call by call during a walk of the type's code.
    /// </summary>
    internal sealed class InitializationCalls
    {
        private readonly INamedTypeSymbol _type;
        private readonly Dictionary<IMethodSymbol, List<(ISymbol Caller, bool Deferred)>> _calls =
            new Dictionary<IMethodSymbol, List<(ISymbol, bool)>>(SymbolEqualityComparer.Default);

        private HashSet<IMethodSymbol>? _initOnly;

        public InitializationCalls(INamedTypeSymbol type) => _type = type;

        /// <summary>Records a call (or a method group) to one of the type's private methods, seen in <paramref name="member"/>.</summary>
        public void Visit(IOperation operation, ISymbol member)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    Record(invocation.TargetMethod, member, deferred: IsInNestedFunction(operation));
                    break;
                case IMethodReferenceOperation reference:
                    Record(reference.Method, member, deferred: true); // a method group runs whenever its holder calls it
                    break;
            }
        }

        /// <summary>True when code in <paramref name="member"/> (in a lambda or local function there when <paramref name="inNestedFunction"/>) runs only while constructing.</summary>
        public bool IsInitialization(ISymbol member, bool inNestedFunction)
        {
            if (inNestedFunction)
            {
                return false;
            }

            switch (member)
            {
                case IFieldSymbol or IPropertySymbol:
                    return IsOwn(member);
                case IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }:
                    return IsOwn(member);
                case IMethodSymbol { IsInitOnly: true }:
                    return IsOwn(member); // init accessors run in object initializers
                case IMethodSymbol method:
                    return InitOnlyMethods().Contains(method.OriginalDefinition);
                default:
                    return false;
            }
        }

        /// <summary>True when <paramref name="operation"/> is inside a lambda or local function of the body it belongs to.</summary>
        public static bool IsInNestedFunction(IOperation operation)
        {
            for (var parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsOwn(ISymbol member) => SymbolEqualityComparer.Default.Equals(member.ContainingType, _type);

        private void Record(IMethodSymbol target, ISymbol member, bool deferred)
        {
            target = target.OriginalDefinition;
            if (target.DeclaredAccessibility != Accessibility.Private || target.MethodKind != MethodKind.Ordinary ||
                !SymbolEqualityComparer.Default.Equals(target.ContainingType, _type))
            {
                return;
            }

            if (!_calls.TryGetValue(target, out var callers))
            {
                _calls[target] = callers = new List<(ISymbol, bool)>();
            }

            callers.Add((member, deferred));
            _initOnly = null;
        }

        /// <summary>Private methods every call of which comes from a constructor, an initializer or another such method.</summary>
        private HashSet<IMethodSymbol> InitOnlyMethods()
        {
            if (_initOnly != null)
            {
                return _initOnly;
            }

            var result = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var pair in _calls)
                {
                    if (!result.Contains(pair.Key) && AllFromInitialization(pair.Value, result))
                    {
                        result.Add(pair.Key);
                        changed = true;
                    }
                }
            }

            return _initOnly = result;
        }

        private bool AllFromInitialization(List<(ISymbol Caller, bool Deferred)> callers, HashSet<IMethodSymbol> initOnly)
        {
            foreach (var (caller, deferred) in callers)
            {
                if (deferred || !IsOwn(caller) ||
                    !(caller is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ||
                      (caller is IMethodSymbol method && initOnly.Contains(method.OriginalDefinition))))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
