using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// What creates a resource that the caller owns: <c>new T(...)</c> of a disposable type, factory
    /// methods named <c>Create*</c>/<c>Open*</c>, methods marked <c>[MustDisposeResource]</c>, methods
    /// listed in <c>memrules.owned_factory_methods</c> or in <see cref="FrameworkOwnership"/>, methods of the
    /// compilation that return a fresh resource (<see cref="MethodSummaries.ReturnsOwned"/>), and fluent calls on any of these. Property getters and <c>Get*</c>/<c>Find*</c>
    /// lookups return shared instances and are not owned; neither are tasks, enumerators (their Dispose is
    /// foreach's business and almost always empty) nor excluded types.
    /// </summary>
    internal static class ResourceCreation
    {
        /// <summary>
        /// True when <paramref name="value"/> (conversions stripped) creates a resource the caller owns;
        /// <paramref name="resourceType"/> is then the created type.
        /// </summary>
        public static bool IsOwnedCreation(IOperation? value, KnownSymbols known, MemRulesOptions options, out ITypeSymbol? resourceType, SummaryWalk? walk = null)
        {
            resourceType = null;
            value = Operations.StripConversions(value);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return IsOwnedResourceType(creation.Type, known, options, out resourceType) &&
                           !IsReaderOverExcluded(creation, known, options);

                case IInvocationOperation invocation:
                    // The type first: it is memoized, while a factory check reads attributes and may read the callee's body.
                    bool ownedType = IsOwnedResourceType(invocation.Type, known, options, out resourceType);
                    if (ownedType && IsOwnedFactory(invocation.TargetMethod, known, options, walk))
                    {
                        return true;
                    }

                    resourceType = null;

                    // `new Builder().With(x)`: a fluent call on a new resource returns that resource (unless it
                    // is a factory of something that is not an owned resource).
                    return invocation.Instance != null &&
                           OwnershipTransfer.IsFluent(invocation, invocation.Instance) &&
                           (ownedType || !IsOwnedFactory(invocation.TargetMethod, known, options, walk)) &&
                           IsOwnedCreation(invocation.Instance, known, options, out resourceType, walk);

                case IAwaitOperation { Operation: var awaited }:
                    // `await factory.CreateConnectionAsync()` yields an owned resource.
                    return Operations.StripConversions(awaited) is IInvocationOperation asyncInvocation &&
                           IsOwnedResourceType(value.Type, known, options, out resourceType) &&
                           IsOwnedFactory(asyncInvocation.TargetMethod, known, options, walk);

                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>new StreamReader(new MemoryStream(...))</c>: a reader or writer (TextReader, TextWriter,
        /// BinaryReader, BinaryWriter) holds nothing but its inner stream, so over an excluded type its
        /// disposal is a no-op too (seen in NLog's tests).
        /// </summary>
        private static bool IsReaderOverExcluded(IObjectCreationOperation creation, KnownSymbols known, MemRulesOptions options)
        {
            var type = creation.Type;
            if (!(KnownSymbols.InheritsFrom(type, known.TextReader) || KnownSymbols.InheritsFrom(type, known.TextWriter) ||
                  type?.Name is "BinaryReader" or "BinaryWriter"))
            {
                return false;
            }

            bool any = false;
            foreach (var argument in creation.Arguments)
            {
                var value = Operations.StripConversions(argument.Value);
                if (value?.Type != null && known.IsDisposable(value.Type))
                {
                    if (!options.IsExcluded(value.Type))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        /// <summary>A disposable type that is neither task-like, an enumerator, nor excluded by the options.</summary>
        public static bool IsOwnedResourceType(ITypeSymbol? type, KnownSymbols known, MemRulesOptions options, out ITypeSymbol? resourceType)
        {
            resourceType = type;
            return type != null &&
                   known.IsDisposable(type) &&
                   !known.IsTaskLike(type) &&
                   !known.IsEnumerator(type) &&
                   !options.IsExcluded(type);
        }

        /// <summary>
        /// True when a call to <paramref name="method"/> hands the caller ownership of its result: by attribute or
        /// option; for a method of the compilation by its summary, where its code can be known; otherwise by a
        /// factory name or the framework table.
        /// </summary>
        public static bool IsOwnedFactory(IMethodSymbol method, KnownSymbols known, MemRulesOptions options, SummaryWalk? walk = null)
        {
            if (method.MethodKind == MethodKind.PropertyGet)
            {
                return false;
            }

            if (KnownSymbols.HasAttributeNamed(method, "MustDisposeResource"))
            {
                return true;
            }

            if (options.OwnedFactoryMethods.Count > 0 &&
                (options.OwnedFactoryMethods.Contains(SymbolNames.FullName(method)) ||
                 (method.ReducedFrom != null && options.OwnedFactoryMethods.Contains(SymbolNames.FullName(method.ReducedFrom)))))
            {
                return true;
            }

            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return HasFactoryName(method.Name) || FrameworkOwnership.ReturnsOwned(method);
            }

            // A method of the compilation says what it returns by its code, not its name: a `CreateServer()` that
            // keeps the server in a property and returns it hands out a shared instance.
            return MethodSummaries.CanSummarize(method.ReducedFrom ?? method)
                ? known.Summaries.ReturnsOwned(method, walk)
                : HasFactoryName(method.Name);
        }

        /// <summary>
        /// A factory the code declares as one — <c>Create*</c>/<c>Open*</c>, <c>[MustDisposeResource]</c>,
        /// <c>memrules.owned_factory_methods</c> — as opposed to one inferred from its body. A discarded result
        /// of an inferred factory is often a scope token the caller means to ignore.
        /// </summary>
        public static bool IsDeclaredFactory(IMethodSymbol method, MemRulesOptions options) =>
            method.MethodKind != MethodKind.PropertyGet &&
            (HasFactoryName(method.Name) || FrameworkOwnership.ReturnsOwned(method) ||
             KnownSymbols.HasAttributeNamed(method, "MustDisposeResource") ||
             (options.OwnedFactoryMethods.Count > 0 && options.OwnedFactoryMethods.Contains(SymbolNames.FullName(method.ReducedFrom ?? method))));

        /// <summary><c>Create</c>, <c>CreateX</c>, <c>Open</c>, <c>OpenX</c> — but not <c>Creates</c> or <c>Opened</c>.</summary>
        public static bool HasFactoryName(string name) =>
            StartsWithWord(name, "Create") || StartsWithWord(name, "Open");

        private static bool StartsWithWord(string name, string word) =>
            name.StartsWith(word, System.StringComparison.Ordinal) &&
            (name.Length == word.Length || char.IsUpper(name[word.Length]));
    }
}
