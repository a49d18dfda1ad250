using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>
    /// <c>Microsoft.Extensions.Caching.Memory</c>'s MemoryCache as MEM005 sees it, matched by name (no package
    /// dependency). A MemoryCache created without a <c>SizeLimit</c> evicts nothing by itself: it grows with every
    /// entry that never expires. A use fills it (<c>Set</c>, <c>GetOrCreate</c>, <c>GetOrCreateAsync</c>,
    /// <c>CreateEntry</c>) with entries that never expire unless it gives an expiration or a size — a
    /// <c>MemoryCacheEntryOptions</c> with one, a <c>TimeSpan</c>/<c>DateTimeOffset</c>/<c>IChangeToken</c>
    /// overload, or <c>entry.SlidingExpiration</c>/<c>AbsoluteExpiration…</c>/<c>Size</c>/<c>Set…</c> on the
    /// entry. <c>Remove</c>, <c>Compact</c> and <c>Clear</c> bound it. Whatever is not recognised is taken to
    /// expire: precision first.
    /// </summary>
    internal static class MemoryCaches
    {
        private const string Namespace = "Microsoft.Extensions.Caching.Memory";

        /// <summary>The calls that add entries, for the syntactic prefilter and the classification.</summary>
        public static bool IsFill(string name) => name is "Set" or "GetOrCreate" or "GetOrCreateAsync" or "CreateEntry";

        public static bool IsShrink(string name) => name is "Remove" or "Compact" or "Clear";

        /// <summary><c>MemoryCache</c> or <c>IMemoryCache</c> of Microsoft.Extensions.Caching.Memory.</summary>
        public static bool IsCacheType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "MemoryCache" or "IMemoryCache" } named && named.ContainingNamespace?.ToDisplayString() == Namespace;

        /// <summary>
        /// What one use of a cache field does: fills it with entries that never expire (growth), bounds or shares
        /// it, assigns a new cache without a size limit, or nothing.
        /// </summary>
        public static CollectionUses.Use Classify(IFieldReferenceOperation reference, out IOperation? growth)
        {
            growth = null;
            var member = CollectionUses.MemberOf(reference, out var current, out var parent);
            if (member is IInvocationOperation call)
            {
                return ClassifyCall(call, ref growth);
            }

            switch (parent)
            {
                case null:
                    return CollectionUses.Use.Bounded;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } argument
                    when extension.Arguments.Length > 0 && extension.Arguments[0] == argument:
                    // Set, GetOrCreate, TryGetValue, Get<T> are extensions of IMemoryCache.
                    if (IsFill(extension.TargetMethod.Name) || IsShrink(extension.TargetMethod.Name))
                    {
                        return ClassifyCall(extension, ref growth);
                    }

                    return extension.TargetMethod.ContainingNamespace?.ToDisplayString() == Namespace ? CollectionUses.Use.Neutral : CollectionUses.Use.Bounded;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return IsUnlimitedCreation(assignment.Value) || Operations.StripConversions(assignment.Value) is ILiteralOperation or IDefaultValueOperation
                        ? CollectionUses.Use.Assigned
                        : CollectionUses.Use.Bounded; // a cache with a size limit, or one that came from elsewhere
                case ILockOperation:
                case IBinaryOperation:
                case IIsPatternOperation:
                case INameOfOperation:
                    return CollectionUses.Use.Neutral;
                default:
                    return CollectionUses.Use.Bounded; // handed out: someone else may set limits or evict
            }
        }

        private static CollectionUses.Use ClassifyCall(IInvocationOperation call, ref IOperation? growth)
        {
            var name = call.TargetMethod.Name;
            if (IsShrink(name))
            {
                return CollectionUses.Use.Bounded;
            }

            if (IsFill(name) && !GivesExpiration(call))
            {
                growth = call;
                return CollectionUses.Use.Growth;
            }

            return CollectionUses.Use.Neutral; // TryGetValue, Get, Dispose, a fill with an expiration
        }

        /// <summary><c>new MemoryCache(new MemoryCacheOptions())</c>, or with options that set no <c>SizeLimit</c>.</summary>
        public static bool IsUnlimitedCreation(IOperation? value)
        {
            if (Operations.StripConversions(value) is not IObjectCreationOperation { Type.Name: "MemoryCache" } creation || !IsCacheType(creation.Type))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Type is INamedTypeSymbol { Name: "IOptions" or "MemoryCacheOptions" } &&
                    !IsOptionsWithoutSizeLimit(argument.Value))
                {
                    return false; // options the analysis cannot read may set a SizeLimit
                }
            }

            return true;
        }

        // `new MemoryCacheOptions()`, `new MemoryCacheOptions { ExpirationScanFrequency = ... }`, also inside Options.Create(...).
        private static bool IsOptionsWithoutSizeLimit(IOperation value)
        {
            var options = Operations.StripConversions(value);
            if (options is IInvocationOperation { TargetMethod.Name: "Create", Arguments.Length: 1 } wrap && wrap.TargetMethod.ContainingType?.Name == "Options")
            {
                options = Operations.StripConversions(wrap.Arguments[0].Value);
            }

            return options is IObjectCreationOperation { Type.Name: "MemoryCacheOptions" } creation &&
                   !Initializes(creation, "SizeLimit");
        }

        /// <summary>Whether a fill gives its entry an expiration or a size, or passes something the analysis cannot read.</summary>
        private static bool GivesExpiration(IInvocationOperation call)
        {
            int first = call.TargetMethod.IsExtensionMethod ? 1 : 0; // the cache itself
            switch (call.TargetMethod.Name)
            {
                case "Set":
                    for (int i = first + 2; i < call.Arguments.Length; i++)
                    {
                        var argument = call.Arguments[i];
                        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                        {
                            continue;
                        }

                        if (argument.Parameter?.Type.Name != "MemoryCacheEntryOptions" || OptionsExpire(argument.Value))
                        {
                            return true; // a TimeSpan, a DateTimeOffset, an IChangeToken, or options that expire
                        }
                    }

                    return false;
                case "GetOrCreate" or "GetOrCreateAsync":
                    for (int i = first + 1; i < call.Arguments.Length; i++)
                    {
                        var value = Operations.StripConversions(call.Arguments[i].Value);
                        if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
                        {
                            if (factory.Symbol.Parameters.Length == 0 || ConfiguresEntry(factory.Body, factory.Symbol.Parameters[0]))
                            {
                                return true;
                            }
                        }
                        else if (call.Arguments[i].Parameter?.Type.Name == "MemoryCacheEntryOptions" ? OptionsExpire(call.Arguments[i].Value) : i > first)
                        {
                            return true; // a factory method group, or options that expire
                        }
                    }

                    return false;
                case "CreateEntry":
                    return EntryExpires(call);
                default:
                    return true;
            }
        }

        /// <summary>Options that give an expiration or size, or that the analysis cannot see into (a field, a parameter).</summary>
        private static bool OptionsExpire(IOperation value)
        {
            for (var current = Operations.StripConversions(value); current != null;)
            {
                switch (current)
                {
                    case IObjectCreationOperation creation:
                        return Initializes(creation, "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "Size", "ExpirationTokens");
                    case IInvocationOperation chained:
                        if (IsExpiringCall(chained.TargetMethod.Name))
                        {
                            return true;
                        }

                        current = Operations.StripConversions(chained.Instance ?? (chained.Arguments.Length > 0 ? chained.Arguments[0].Value : null));
                        break;
                    case ILiteralOperation or IDefaultValueOperation:
                        return false;
                    default:
                        return true;
                }
            }

            return true;
        }

        private static bool IsExpiringCall(string name) =>
            name is "SetAbsoluteExpiration" or "SetSlidingExpiration" or "SetSize" or "AddExpirationToken" or "SetOptions";

        private static bool IsExpiringProperty(string name) =>
            name is "AbsoluteExpiration" or "AbsoluteExpirationRelativeToNow" or "SlidingExpiration" or "Size" or "ExpirationTokens";

        private static bool Initializes(IObjectCreationOperation creation, params string[] names)
        {
            if (creation.Initializer == null)
            {
                return false;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if ((initializer as IAssignmentOperation)?.Target is IPropertyReferenceOperation property &&
                    System.Array.IndexOf(names, property.Property.Name) >= 0)
                {
                    return true;
                }

                if (initializer is IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation nested } &&
                    System.Array.IndexOf(names, nested.Property.Name) >= 0)
                {
                    return true; // ExpirationTokens = { token }
                }
            }

            return false;
        }

        /// <summary>A factory lambda sets an expiration or size on its entry, or hands the entry to code the analysis cannot see.</summary>
        private static bool ConfiguresEntry(IOperation? body, IParameterSymbol entry)
        {
            if (body == null)
            {
                return true;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, entry))
                {
                    continue;
                }

                if (ConfiguresThrough(reference))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>entry.SlidingExpiration = …</c>, <c>entry.SetSize(1)</c>, <c>entry.SetValue(v).SetSlidingExpiration(…)</c>, or the
        /// entry passed to another method: true. <c>entry.Value = …</c>, <c>entry.Key</c>: false.
        /// </summary>
        private static bool ConfiguresThrough(IOperation entry)
        {
            switch (Operations.UserOf(entry, out entry))
            {
                case IPropertyReferenceOperation property when property.Instance == entry:
                    return IsExpiringProperty(property.Property.Name) && property.Parent is IAssignmentOperation assignment && assignment.Target == property;
                case IInvocationOperation call when call.Instance == entry:
                    return IsExpiringCall(call.TargetMethod.Name) || (call.TargetMethod.Name is "SetValue" && ConfiguresThrough(call));
                case IArgumentOperation { Parent: IInvocationOperation extension } argument when extension.TargetMethod.IsExtensionMethod && extension.Arguments[0] == argument:
                    return IsExpiringCall(extension.TargetMethod.Name) || ConfiguresThrough(extension);
                case IArgumentOperation:
                    return true; // given to code the analysis cannot see
                default:
                    return false;
            }
        }

        /// <summary><c>using var entry = _cache.CreateEntry(key); entry.Value = v; entry.SlidingExpiration = …</c>, or a fluent chain on the entry.</summary>
        private static bool EntryExpires(IInvocationOperation creation)
        {
            var parent = Operations.UserOf(creation, out var current);
            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                foreach (var operation in Operations.FunctionBody(declarator).Descendants())
                {
                    if (operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol) &&
                        ConfiguresThrough(local))
                    {
                        return true;
                    }
                }

                return false;
            }

            return parent is IReturnOperation || ConfiguresThrough(current); // returned: the caller configures it
        }
    }
}
