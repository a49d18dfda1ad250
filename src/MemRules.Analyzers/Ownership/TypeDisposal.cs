using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// What the methods of one type release, collected while <see cref="TypeOwnership"/> walks the type's
    /// operations and resolved afterwards: which of the type's own fields and properties each
    /// method releases — directly (<c>_f.Dispose()</c>, <c>_f?.DisposeAsync()</c>, <c>using (_f)</c>), through a
    /// local copy or a pattern variable (<c>if (_f is IDisposable d) d.Dispose()</c>), through
    /// <c>Interlocked.Exchange(ref _f, null)?.Dispose()</c>, or as the element disposal of a loop over a
    /// collection member — and which methods of the same type it calls, so that helpers called from
    /// Dispose count.
    /// </summary>
    internal sealed class TypeDisposal
    {
        private readonly INamedTypeSymbol _type;
        private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> _released = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> _passed = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> _passedLocals = new Dictionary<IMethodSymbol, HashSet<ILocalSymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> _releasedLocals = new Dictionary<IMethodSymbol, HashSet<ILocalSymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, HashSet<IMethodSymbol>> _calls = new Dictionary<IMethodSymbol, HashSet<IMethodSymbol>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, ISymbol> _aliases = new Dictionary<ILocalSymbol, ISymbol>(SymbolEqualityComparer.Default);

        public TypeDisposal(INamedTypeSymbol type) => _type = type;

        /// <summary>
        /// The field or auto-property of this type that <paramref name="operation"/> names with an implicit
        /// or <c>this</c> receiver (a backing field is reported as its property); null otherwise.
        /// </summary>
        public ISymbol? OwnMember(IOperation? operation) => OwnMemberOf(operation, _type);

        /// <summary>The field or auto-property of <paramref name="type"/> that <paramref name="operation"/> names on <c>this</c>.</summary>
        public static ISymbol? OwnMemberOf(IOperation? operation, INamedTypeSymbol type)
        {
            switch (Operations.StripConversions(operation))
            {
                case IFieldReferenceOperation field when !field.Field.IsStatic && IsThis(field.Instance) &&
                                                         SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, type):
                    return field.Field.AssociatedSymbol is IPropertySymbol backed ? backed : field.Field;
                case IPropertyReferenceOperation property when !property.Property.IsStatic && IsThis(property.Instance) &&
                                                               property.Arguments.IsEmpty &&
                                                               SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, type):
                    return property.Property;
                default:
                    return null;
            }
        }

        public static bool IsThis(IOperation? instance) =>
            instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>Records a call: a release of a member or local, a call to a method of this type, or a member passed as an argument.</summary>
        public void RecordInvocation(IInvocationOperation invocation, IMethodSymbol method)
        {
            var released = Cleanup.GetReleasedResource(invocation) ?? DisposingHelperTarget(invocation);
            if (released != null)
            {
                RecordReleased(released, method);
            }

            var target = invocation.TargetMethod;
            if (SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, _type.OriginalDefinition) &&
                (invocation.Instance == null || IsThis(invocation.Instance)))
            {
                Add(_calls, method, target.OriginalDefinition);
            }

            if (released == null && target.Name == "Stop" && target.Parameters.Length == 0)
            {
                // `_listener.Stop()` in a disposal method: listeners and hosts release their handles on Stop.
                var stopped = OwnMember(Operations.GetReceiver(invocation));
                if (stopped != null)
                {
                    Add(_passed, method, stopped);
                }
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = Operations.StripConversions(argument.Value);
                var member = OwnMember(value);
                if (member != null || value is ILocalReferenceOperation)
                {
                    if (member != null)
                    {
                        Add(_passed, method, member);
                    }
                    else
                    {
                        Add(_passedLocals, method, ((ILocalReferenceOperation)value!).Local);
                    }
                }
            }
        }

        /// <summary>
        /// Helpers named for disposal release what they are called on or given first:
        /// <c>timer.WaitForDispose(t)</c>, <c>SafeDispose(ref _f)</c>, <c>_f.DisposeAndWait()</c>.
        /// </summary>
        private static IOperation? DisposingHelperTarget(IInvocationOperation invocation)
        {
            var name = invocation.TargetMethod.Name;
            if (name.IndexOf("Dispose", System.StringComparison.Ordinal) < 0)
            {
                return null;
            }

            if (invocation.Instance != null && !invocation.TargetMethod.IsExtensionMethod)
            {
                return Operations.GetReceiver(invocation);
            }

            var first = invocation.Arguments.Length > 0 ? Operations.StripConversions(invocation.Arguments[0].Value) : null;
            if (first is IConditionalAccessInstanceOperation)
            {
                // `current?.WaitForDispose(...)`: the receiver is the conditional access's operand.
                for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation conditional)
                    {
                        return conditional.Operation;
                    }
                }
            }

            return first;
        }

        /// <summary><c>using (_f)</c> and <c>using (var x = _f)</c> release the member.</summary>
        public void RecordUsing(IUsingOperation usingOperation, IMethodSymbol method)
        {
            if (usingOperation.Resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        RecordReleased(declarator.Initializer?.Value, method);
                    }
                }
            }
            else
            {
                RecordReleased(usingOperation.Resources, method);
            }
        }

        /// <summary>Locals that copy a member: <c>var t = _timer;</c>, pattern variables, loop variables over a collection member.</summary>
        public void RecordDeclarator(IVariableDeclaratorOperation declarator) =>
            RecordAlias(declarator.Symbol, declarator.Initializer?.Value);

        public void RecordLocalAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is ILocalReferenceOperation local)
            {
                RecordAlias(local.Local, assignment.Value);
            }
        }

        public void RecordPattern(IPatternOperation pattern)
        {
            ILocalSymbol? local = pattern switch
            {
                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol as ILocalSymbol,
                IRecursivePatternOperation recursive => recursive.DeclaredSymbol as ILocalSymbol,
                _ => null,
            };
            if (local != null && pattern.Parent is IIsPatternOperation isPattern)
            {
                RecordAlias(local, isPattern.Value);
            }
        }

        public void RecordForEach(IForEachLoopOperation loop)
        {
            var member = RootMember(loop.Collection);
            if (member == null)
            {
                return;
            }

            foreach (var local in loop.Locals)
            {
                _aliases[local] = member;
            }
        }

        /// <summary>The own member at the root of <c>_f</c>, <c>_f.Values</c>, <c>_f.ToArray()</c>.</summary>
        private ISymbol? RootMember(IOperation? operation)
        {
            for (var current = Operations.StripConversions(operation); current != null;)
            {
                var member = OwnMember(current);
                if (member != null)
                {
                    return member;
                }

                current = current switch
                {
                    IPropertyReferenceOperation property => Operations.StripConversions(property.Instance),
                    IInvocationOperation invocation => Operations.StripConversions(invocation.Instance ??
                        (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null)),
                    _ => null,
                };
            }

            return null;
        }

        private void RecordAlias(ILocalSymbol local, IOperation? value)
        {
            var member = OwnMember(value) ?? ExchangedMember(value);
            if (member != null)
            {
                _aliases[local] = member;
            }
        }

        private void RecordReleased(IOperation? released, IMethodSymbol method)
        {
            released = Operations.StripConversions(released);
            var member = OwnMember(released) ?? ExchangedMember(released);
            if (member != null)
            {
                Add(_released, method, member);
            }
            else if (released is ILocalReferenceOperation local)
            {
                Add(_releasedLocals, method, local.Local);
            }
        }

        /// <summary><c>Interlocked.Exchange(ref _f, null)</c> yields the member's old value.</summary>
        private ISymbol? ExchangedMember(IOperation? operation) =>
            Operations.StripConversions(operation) is IInvocationOperation { TargetMethod.Name: "Exchange" } exchange &&
            exchange.Arguments.Length == 2
                ? OwnMember(exchange.Arguments[0].Value)
                : null;

        /// <summary>
        /// The members released by <paramref name="roots"/> and the methods of this type they call,
        /// transitively. When <paramref name="countArguments"/>, a member passed to any call there counts too
        /// (<c>SafeDispose(ref _f)</c> in a Dispose method), and so does <c>_f.Stop()</c>.
        /// </summary>
        public HashSet<ISymbol> ReleasedBy(IEnumerable<IMethodSymbol> roots, bool countArguments)
        {
            var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IMethodSymbol>();
            foreach (var root in roots)
            {
                pending.Push(root.OriginalDefinition);
            }

            while (pending.Count > 0)
            {
                var method = pending.Pop();
                if (!seen.Add(method))
                {
                    continue;
                }

                if (_released.TryGetValue(method, out var members))
                {
                    result.UnionWith(members);
                }

                if (countArguments && _passed.TryGetValue(method, out var passed))
                {
                    result.UnionWith(passed);
                }

                AddAliased(result, _releasedLocals, method);
                if (countArguments)
                {
                    AddAliased(result, _passedLocals, method);
                }

                if (_calls.TryGetValue(method, out var callees))
                {
                    foreach (var callee in callees)
                    {
                        pending.Push(callee);
                    }
                }
            }

            return result;
        }

        private void AddAliased(HashSet<ISymbol> result, Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> locals, IMethodSymbol method)
        {
            if (locals.TryGetValue(method, out var set))
            {
                foreach (var local in set)
                {
                    if (_aliases.TryGetValue(local, out var member))
                    {
                        result.Add(member);
                    }
                }
            }
        }

        /// <summary>Every member that some method of the type releases.</summary>
        public HashSet<ISymbol> ReleasedAnywhere()
        {
            List<IMethodSymbol> methods;
            methods = new List<IMethodSymbol>(_released.Keys);
            methods.AddRange(_releasedLocals.Keys);

            return ReleasedBy(methods, countArguments: false);
        }

        private static void Add<TKey, TValue>(Dictionary<TKey, HashSet<TValue>> map, TKey key, TValue value)
            where TKey : class, ISymbol
            where TValue : class, ISymbol
        {
            if (!map.TryGetValue(key, out var set))
            {
                set = new HashSet<TValue>((IEqualityComparer<TValue>)SymbolEqualityComparer.Default);
                map.Add(key, set);
            }

            set.Add(value);
        }
    }
}
