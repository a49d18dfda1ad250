using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Well-known types, resolved once per compilation, and the one answer to "is this disposable" that the
    /// analyzers and the code fixes share. Analyzers create one in a compilation-start action and skip the
    /// compilation when <see cref="IDisposable"/> cannot be found; a fix creates one for its compilation.
    /// </summary>
    internal sealed class KnownSymbols
    {
        public Compilation Compilation { get; }
        public INamedTypeSymbol IDisposable { get; }
        public INamedTypeSymbol? IAsyncDisposable { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TextReader { get; }
        public INamedTypeSymbol? TextWriter { get; }
        public INamedTypeSymbol? ArrayPool { get; }
        public INamedTypeSymbol? SemaphoreSlim { get; }
        public INamedTypeSymbol? Monitor { get; }
        public INamedTypeSymbol? ReaderWriterLockSlim { get; }
        public INamedTypeSymbol? Marshal { get; }
        public INamedTypeSymbol? GCHandle { get; }
        public INamedTypeSymbol? IEnumerator { get; }

        /// <summary>The options of each tree, parsed once per options instance.</summary>
        public MemRulesOptions.Cache Options { get; }

        /// <summary>What the compilation's own methods do with the resources they get and return.</summary>
        public MethodSummaries Summaries { get; }

        /// <summary>What each resource holds: a handle, native memory, a registration, a lock, a pooled buffer, managed memory.</summary>
        public ResourceKinds Kinds { get; }

        /// <summary>Which types are test classes (for the test defaults).</summary>
        public TestCode Tests { get; } = new TestCode();

        private KnownSymbols(Compilation compilation, INamedTypeSymbol disposable, AnalyzerOptions? options)
        {
            Options = new MemRulesOptions.Cache(options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
            Summaries = new MethodSummaries(this);
            Kinds = new ResourceKinds(this);
            _computeIsDisposable = ComputeIsDisposable;
            Compilation = compilation;
            IDisposable = disposable;
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
            TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
            ArrayPool = compilation.GetTypeByMetadataName("System.Buffers.ArrayPool`1");
            SemaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
            Monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
            ReaderWriterLockSlim = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
            Marshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            GCHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.GCHandle");
            IEnumerator = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerator);
        }

        /// <summary>Returns null when the compilation has no IDisposable: nothing to analyze then. A fix passes no options (the defaults).</summary>
        public static KnownSymbols? TryCreate(Compilation compilation, AnalyzerOptions? options = null)
        {
            var disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
            if (disposable == null || disposable.TypeKind == TypeKind.Error)
            {
                return null;
            }

            return new KnownSymbols(compilation, disposable, options);
        }

        /// <summary>True when the type implements IDisposable or IAsyncDisposable (or is one of them).</summary>
        public bool IsDisposable(ITypeSymbol? type)
        {
            if (type == null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            // Every rule asks this of the same few types many times: answer each once per compilation.
            return _isDisposable.GetOrAdd(type, _computeIsDisposable);
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _isDisposable =
            new System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        private readonly System.Func<ITypeSymbol, bool> _computeIsDisposable;

        private bool ComputeIsDisposable(ITypeSymbol type)
        {
            if (type is ITypeParameterSymbol typeParameter)
            {
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    if (IsDisposable(constraint))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, IDisposable) ||
                SymbolEqualityComparer.Default.Equals(type, IAsyncDisposable))
            {
                return true;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(i, IDisposable) ||
                    (IAsyncDisposable != null && SymbolEqualityComparer.Default.Equals(i, IAsyncDisposable)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the type is disposable only asynchronously (IAsyncDisposable without IDisposable).</summary>
        public bool IsOnlyAsyncDisposable(ITypeSymbol? type) =>
            type != null && IsAsyncDisposable(type) && !IsSyncDisposable(type);

        /// <summary>True when <c>using</c> / <c>Dispose()</c> applies: the type is or implements IDisposable (a type parameter through a constraint).</summary>
        public bool IsSyncDisposable(ITypeSymbol type) => Implements(type, IDisposable);

        /// <summary>True when <c>await using</c> / <c>DisposeAsync()</c> applies.</summary>
        public bool IsAsyncDisposable(ITypeSymbol type) => IAsyncDisposable != null && Implements(type, IAsyncDisposable);

        /// <summary>True when <paramref name="type"/> is or implements <paramref name="interface"/>; a type parameter through its constraints.</summary>
        public static bool Implements(ITypeSymbol type, INamedTypeSymbol @interface)
        {
            if (SymbolEqualityComparer.Default.Equals(type, @interface))
            {
                return true;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(i, @interface))
                {
                    return true;
                }
            }

            if (type is ITypeParameterSymbol parameter)
            {
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    if (Implements(constraint, @interface))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>What awaiting a value of <paramref name="type"/> yields: the <c>T</c> of a <c>Task&lt;T&gt;</c>; any other type as it is.</summary>
        public ITypeSymbol ResultOf(ITypeSymbol type) =>
            type is INamedTypeSymbol { TypeArguments.Length: 1 } task && IsTaskLike(task) ? task.TypeArguments[0] : type;

        /// <summary>Task and ValueTask implement IDisposable but never need disposal.</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var original = named.OriginalDefinition;
            for (INamedTypeSymbol? t = original; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, Task) ||
                    SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, TaskOfT))
                {
                    return true;
                }
            }

            return SymbolEqualityComparer.Default.Equals(original, ValueTask) ||
                   SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT);
        }

        /// <summary>Enumerators are disposed by foreach; a hand-made one almost never holds anything to release.</summary>
        public bool IsEnumerator(ITypeSymbol? type)
        {
            if (type == null || IEnumerator == null)
            {
                return false;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(i, IEnumerator))
                {
                    return true;
                }
            }

            return SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, IEnumerator);
        }

        /// <summary>True when <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
        public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType == null)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Attribute names are matched by name so that JetBrains.Annotations is not a dependency.</summary>
        public static bool HasAttributeNamed(ISymbol symbol, string name)
        {
            ImmutableArray<AttributeData> attributes = symbol.GetAttributes();
            foreach (var attribute in attributes)
            {
                var attributeName = attribute.AttributeClass?.Name;
                if (attributeName == name || attributeName == name + "Attribute")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
